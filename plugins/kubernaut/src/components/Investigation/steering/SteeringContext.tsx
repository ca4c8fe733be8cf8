import type { WorkflowOption } from '@kubernaut/plugin-kubernaut-common';
import { createContext, useContext } from 'react';

/** What the transcript's workflow cards may offer: running one, when the viewer may steer. */
export interface SteeringControls {
  /** Asks to run this option (after a confirmation); undefined when the viewer may not. */
  runOption?: (option: WorkflowOption) => void;
  /** Why the viewer may not run an option, shown on the disabled button. */
  unavailableReason?: string;
}

export const SteeringContext = createContext<SteeringControls>({});

export const useSteeringControls = () => useContext(SteeringContext);
