/**
 * Measures what the plugin's relay adds to each investigation event, from outside the backend:
 * it joins one remediation's investigation twice at once, directly from API Frontend and through
 * the plugin (or a pass-through proxy, for the floor), and for every live event takes the relayed
 * receipt time minus the direct one.
 * Both readers share this process and its clock, read with node:http and only split frames (with
 * eventsource-parser) while events arrive; JSON is parsed after the streams end, so the observer
 * takes next to no CPU from the sandbox and the backend it shares two cores with.
 * A worker (benchProcess.ts startBenchWorker): says `ready`, then for each stdin line (an
 * ObserverPlan as JSON) joins at once and answers a line: the overheads in milliseconds.
 */
import { createParser } from 'eventsource-parser';
import { request, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createInterface } from 'node:readline';
import {
  A2A_INVOKE_PATH,
  messageStreamRequest,
} from '../src/clients/ApiFrontendClient';

export interface ObserverPlan {
  apiFrontendUrl: string;
  apiFrontendToken: string;
  /**
   * The relay measured: the plugin, or a byte-for-byte proxy of API Frontend at this URL (the
   * floor: what an extra hop costs on this machine).
   */
  passThroughUrl?: string;
  /** The plugin's base URL, e.g. http://127.0.0.1:7007/api/kubernaut */
  pluginUrl: string;
  headers: Record<string, string>;
  cluster: string;
  remediation: string;
  message: string;
  /** PEM of API Frontend's CA (the sandbox's inter-service CA) when it serves https. */
  apiFrontendCa?: string;
}

let trustedCa: string | undefined;

/**
 * Events the relay receives as history when it joins measure join order, not the relay: only
 * events that arrive this long after the plugin accepted the join count.
 */
const LIVE_AFTER_JOIN_MS = 100;
const clock = () => performance.now();

function open(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = url.startsWith('https:')
      ? httpsRequest(url, { method, headers, ca: trustedCa }, resolve)
      : request(url, { method, headers }, resolve);
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

interface Frame {
  event?: string;
  data: string;
  at: number;
}

/**
 * Collects a stream's SSE frames with their arrival times until `isLast` says so. While events
 * arrive this only feeds `eventsource-parser` (a linear scan of each chunk, no JSON) and stamps
 * each frame with its chunk's arrival; JSON is parsed only afterwards: work done here while
 * events arrive would take a core from the backend.
 */
function readSse(
  response: IncomingMessage,
  isLast: (frame: Frame) => boolean,
): Promise<Frame[]> {
  return new Promise((resolve, reject) => {
    const frames: Frame[] = [];
    let at = 0;
    let done = false;
    const parser = createParser({
      onEvent: ({ event, data }) => {
        if (done || !data) return;
        const frame: Frame = { event, data, at };
        frames.push(frame);
        if (isLast(frame)) {
          done = true;
          response.destroy();
          resolve(frames);
        }
      },
    });
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      at = clock();
      if (!done) parser.feed(chunk);
    });
    response.on('end', () => resolve(frames));
    response.on('error', reject);
  });
}

/** Joins through the plugin, retrying while its cache has not seen the new remediation yet. */
async function joinThroughPlugin(plan: ObserverPlan): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const started = await open(
      `${plan.pluginUrl}/investigations`,
      'POST',
      plan.headers,
      {
        cluster: plan.cluster,
        remediation: plan.remediation,
        message: plan.message,
      },
    );
    let body = '';
    for await (const chunk of started) body += chunk;
    if (started.statusCode === 201) return JSON.parse(body).id;
    if (started.statusCode !== 404 || attempt > 200)
      throw new Error(`join: ${started.statusCode} ${body}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

const a2aHeaders = (plan: ObserverPlan) => ({
  'Content-Type': 'application/json',
  Accept: 'text/event-stream',
  Authorization: `Bearer ${plan.apiFrontendToken}`,
});

const a2aRequest = (plan: ObserverPlan) =>
  messageStreamRequest(`${plan.message}\n\n(remediation ${plan.remediation})`);

/** Opens the stream being measured; `payload` finds the A2A result in one of its frames. */
async function openRelayed(plan: ObserverPlan) {
  if (plan.passThroughUrl) {
    const response = await open(
      `${plan.passThroughUrl}${A2A_INVOKE_PATH}`,
      'POST',
      a2aHeaders(plan),
      a2aRequest(plan),
    );
    return {
      joinedAt: clock(),
      frames: readSse(response, frame => frame.data.includes('"final":true')),
      payload: (frame: Frame) => JSON.parse(frame.data).result,
    };
  }
  const id = await joinThroughPlugin(plan);
  const joinedAt = clock();
  const response = await open(
    `${plan.pluginUrl}/investigations/${id}/events`,
    'GET',
    plan.headers,
  );
  return {
    joinedAt,
    frames: readSse(response, frame => frame.event === 'end'),
    payload: (frame: Frame) =>
      frame.event === 'a2a' ? JSON.parse(frame.data).payload : undefined,
  };
}

async function measure(plan: ObserverPlan): Promise<number[]> {
  trustedCa = plan.apiFrontendCa;
  const directStream = await open(
    `${plan.apiFrontendUrl}${A2A_INVOKE_PATH}`,
    'POST',
    a2aHeaders(plan),
    a2aRequest(plan),
  );
  const directDone = readSse(directStream, frame =>
    frame.data.includes('"final":true'),
  );
  const relayed = await openRelayed(plan);
  const direct = new Map<string, number>();
  for (const frame of await directDone) {
    const result = JSON.parse(frame.data).result;
    if (result) direct.set(JSON.stringify(result), frame.at);
  }
  const overheads: number[] = [];
  for (const frame of await relayed.frames) {
    const payload = relayed.payload(frame);
    if (payload === undefined) continue;
    const at = direct.get(JSON.stringify(payload));
    if (at !== undefined && at - relayed.joinedAt > LIVE_AFTER_JOIN_MS)
      overheads.push(frame.at - at);
  }
  return overheads;
}

async function main() {
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const overheads = await measure(JSON.parse(line) as ObserverPlan);
    process.stdout.write(`${JSON.stringify(overheads)}\n`);
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
