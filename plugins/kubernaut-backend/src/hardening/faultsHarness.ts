import type { ClusterHealth } from '@kubernaut/plugin-kubernaut-common';
import { createParser } from 'eventsource-parser';
import type { Server } from 'node:http';
import { eventually } from '../testUtils/eventually';
import { recordHardening, type HardeningCase } from './hardeningReport';

/** The suite every faults file reports under (`.test-results/hardening/faults.txt`). */
export const FAULTS_SUITE = 'faults';

export type Headers = Record<string, string>;

function urlOf(server: Server, path: string): string {
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}${path}`;
}

/** Every cluster's health as the plugin reports it, by name. */
export async function clusterHealth(
  server: Server,
  headers: Headers,
): Promise<Map<string, ClusterHealth>> {
  const response = await fetch(urlOf(server, '/api/kubernaut/clusters'), {
    headers,
  });
  if (!response.ok) throw new Error(`/clusters answered ${response.status}`);
  const body = (await response.json()) as { items: ClusterHealth[] };
  return new Map(body.items.map(c => [c.name, c]));
}

export function allConnected(
  server: Server,
  headers: Headers,
  timeoutMs = 30_000,
) {
  return eventually(
    'every cluster connected',
    async () =>
      [...(await clusterHealth(server, headers)).values()].every(
        c => c.status === 'connected',
      )
        ? true
        : undefined,
    timeoutMs,
  );
}

/** How long `work` took, in milliseconds, with what it returned. */
export async function timed<T>(
  work: () => Promise<T>,
): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
}

/**
 * Collects a suite file's cases and writes them to the hardening report after the file: each
 * case runs its check, held when the check returns (with what it observed), broke when it
 * throws (the test then fails too).
 */
export function faultCases() {
  const cases: HardeningCase[] = [];
  afterAll(() => {
    if (cases.length) recordHardening(FAULTS_SUITE, cases);
  });
  return async (tried: string, check: () => Promise<string>) => {
    try {
      const observed = await check();
      cases.push({ tried, held: true, observed });
    } catch (error) {
      cases.push({
        tried,
        held: false,
        observed: (error instanceof Error ? error.message : String(error))
          .split('\n')
          .filter(Boolean)
          .slice(0, 3)
          .join(' '),
      });
      throw error;
    }
  };
}

export interface StreamedEvent {
  /** When this process read it (performance.now()). */
  at: number;
  event: string;
  data: any;
}

export interface OpenStream {
  readonly events: StreamedEvent[];
  /** Whether the server ended the stream (a page would have to reconnect). */
  readonly ended: boolean;
  /** The first event after `since` that `match` accepts, within `timeoutMs`. */
  next(
    what: string,
    match: (event: StreamedEvent) => boolean,
    since: number,
    timeoutMs: number,
  ): Promise<StreamedEvent>;
  close(): void;
}

/** Keeps an SSE route open, as a page does, collecting its named events until closed. */
export async function openStream(
  server: Server,
  path: string,
  headers: Headers,
): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(urlOf(server, path), {
    headers,
    signal: controller.signal,
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  const events: StreamedEvent[] = [];
  let ended = false;
  const parser = createParser({
    onEvent: ({ event, data }) => {
      if (event)
        events.push({ at: performance.now(), event, data: JSON.parse(data) });
    },
  });
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // aborted by close()
    } finally {
      ended = !controller.signal.aborted;
    }
  })();
  return {
    events,
    get ended() {
      return ended;
    },
    next: (what, match, since, timeoutMs) =>
      eventually(
        what,
        async () => events.find(e => e.at >= since && match(e)),
        timeoutMs,
      ),
    close: () => controller.abort(),
  };
}
