import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  kubernautWorkflowReadPermission,
  type FleetChangeEvent,
} from '@kubernaut/plugin-kubernaut-common';
import type { Router } from 'express';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { remediationVisibility } from '../permissions/authorize';
import { holdsPermission } from './remediationAccess';
import { openEventStream } from './sse';
import { eventsQuery, parse } from './validation';

/** Kinds of the workflow catalog: changes to them are shown to whoever may read workflows. */
const CATALOG_KINDS = new Set(['RemediationWorkflow', 'ActionType']);

/** `GET /events`: the fleet's changes as they happen, each only to whoever may see it. */
export function addFleetEventRoute(
  router: Router,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    registry: ClusterRegistry;
  },
): void {
  const { httpAuth, permissions, registry } = options;
  router.get('/events', async (req, res) => {
    parse(eventsQuery, req.query);
    const credentials = await httpAuth.credentials(req);
    const allowed = await remediationVisibility(permissions, credentials);
    const readsWorkflows = await holdsPermission(
      permissions,
      credentials,
      kubernautWorkflowReadPermission,
    );
    const stream = openEventStream(req, res);
    let pending: FleetChangeEvent[] = [];
    let timer: NodeJS.Timeout | undefined;
    let sequence = 0;
    // Fails closed: a change is shown only when the remediation it belongs to is known and visible.
    const visible = (event: FleetChangeEvent) => {
      if (event.type === 'HEALTH' || !event.name) return true;
      if (CATALOG_KINDS.has(event.kind)) return readsWorkflows;
      if (allowed.key === 'allow') return true;
      const row = registry.get(event.cluster).remediationOfChange(event);
      return row !== undefined && allowed(row);
    };
    const stop = registry.onChange(event => {
      if (!visible(event)) return;
      pending.push(event);
      // Changes arrive in bursts; one message per quarter second keeps pages calm.
      timer ??= setTimeout(() => {
        timer = undefined;
        const batch = pending;
        pending = [];
        stream.send('changes', batch, ++sequence);
      }, 250);
    });
    stream.send('clusters', registry.health(), ++sequence);
    stream.onClose(() => {
      stop();
      if (timer) clearTimeout(timer);
    });
  });
}
