import type { TranscriptEventPayloads } from '@kubernaut/plugin-kubernaut-common';
import {
  ApiFrontendError,
  type ApiFrontendClient,
} from '../clients/ApiFrontendClient';
import { phaseEvent } from './events/phaseEvents';

/** Status stream reconnect backoff: 1 s doubling up to 8 s, as Kubernaut's console does. */
const STATUS_BACKOFF_MS = [1000, 2000, 4000, 8000];

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Phase changes from the status stream, so a remediation started by an alert is never silent.
 * Each update goes to `record` as API Frontend sent it (per-phase metadata included). Reconnects
 * with backoff after a drop (told to `onDrop`); at once, with a fresh credential, when API
 * Frontend announces `status/closing` (its token is about to expire); never for a remediation it
 * does not know. `credential` gives the token for each connection: the user's, or the service
 * credential read again from the cluster's configuration. Returns the final phase, or undefined
 * when the remediation is unknown or `signal` aborted.
 */
export async function relayPhases(
  client: ApiFrontendClient,
  credential: () => string,
  remediation: string,
  signal: AbortSignal,
  record: (phase: TranscriptEventPayloads['phase']) => Promise<unknown>,
  onDrop: (error: unknown) => void,
): Promise<string | undefined> {
  let lastPhase: unknown;
  let lastClosing = 0;
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      for await (const update of client.statusStream(
        credential(),
        remediation,
        signal,
      )) {
        attempt = 0;
        // A reconnect starts with the current phase again: keep each phase change once, and a
        // same-phase update only when it brings new verification steps (Verifying).
        const steps = (
          update.metadata as { verification_steps?: unknown } | undefined
        )?.verification_steps;
        const news = Array.isArray(steps) && steps.length > 0;
        if (update.phase === lastPhase && !news) continue;
        lastPhase = update.phase;
        await record(phaseEvent(update));
        if (update.final === true) return String(update.phase);
      }
    } catch (error) {
      if (signal.aborted) return undefined;
      // 400: a remediation API Frontend does not know (rr_not_found) or a request it will
      // never take; 404: the same from older API Frontends. Retrying cannot help.
      if (
        error instanceof ApiFrontendError &&
        (error.status === 400 || error.status === 404)
      )
        return undefined;
      if (
        error instanceof ApiFrontendError &&
        error.name === 'StatusStreamClosingError' &&
        (error as { reconnect?: boolean }).reconnect !== false &&
        Date.now() - lastClosing > 1_000
      ) {
        // The old credential is about to expire: reconnect now with a fresh one.
        lastClosing = Date.now();
        attempt = -1;
        continue;
      }
      onDrop(error);
    }
    await sleep(
      STATUS_BACKOFF_MS[Math.min(attempt, STATUS_BACKOFF_MS.length - 1)],
      signal,
    );
  }
  return undefined;
}
