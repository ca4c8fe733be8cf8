/**
 * Measures what the plugin's relay adds to each investigation event, from outside the backend:
 * it joins one remediation's investigation twice at once, directly from API Frontend and through
 * the plugin, and for every live event prints the relayed receipt time minus the direct one.
 * Both readers share this process and its clock, and read with node:http and a few lines of SSE
 * parsing, so the observer itself adds next to nothing to either side.
 *   node -r @backstage/cli-node/config/nodeTransform.cjs relayObserver.ts '<ObserverPlan as JSON>'
 * Prints a JSON array of overheads in milliseconds.
 */
import { request, type IncomingMessage } from 'node:http';
import {
  A2A_INVOKE_PATH,
  messageStreamRequest,
} from '../src/clients/ApiFrontendClient';

export interface ObserverPlan {
  apiFrontendUrl: string;
  apiFrontendToken: string;
  /** The plugin's base URL, e.g. http://127.0.0.1:7007/api/kubernaut */
  pluginUrl: string;
  headers: Record<string, string>;
  cluster: string;
  remediation: string;
  message: string;
}

/** History replayed at join time measures join order, not the relay: only later events count. */
const LIVE_AFTER_MS = 500;
const clock = () => performance.now();

function open(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, resolve);
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Calls `onFrame` for each SSE frame with its arrival time; stops when it returns true. */
function readSse(
  response: IncomingMessage,
  onFrame: (frame: { event?: string; data: string }, at: number) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      const at = clock();
      buffer += chunk;
      for (
        let end = buffer.indexOf('\n\n');
        end >= 0;
        end = buffer.indexOf('\n\n')
      ) {
        const frame: { event?: string; data: string } = { data: '' };
        for (const line of buffer.slice(0, end).split('\n')) {
          if (line.startsWith('event: ')) frame.event = line.slice(7);
          else if (line.startsWith('data: ')) frame.data += line.slice(6);
        }
        buffer = buffer.slice(end + 2);
        if (frame.data && onFrame(frame, at)) {
          response.destroy();
          resolve();
          return;
        }
      }
    });
    response.on('end', resolve);
    response.on('error', reject);
  });
}

async function main() {
  const plan = JSON.parse(process.argv[2]) as ObserverPlan;
  const direct = new Map<string, number>();
  const openedAt = clock();
  const directStream = await open(
    `${plan.apiFrontendUrl}${A2A_INVOKE_PATH}`,
    'POST',
    {
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
      Authorization: `Bearer ${plan.apiFrontendToken}`,
    },
    messageStreamRequest(
      `${plan.message}\n\n(remediation ${plan.remediation})`,
    ),
  );
  const directDone = readSse(directStream, (frame, at) => {
    const result = JSON.parse(frame.data).result;
    if (!result) return false;
    direct.set(JSON.stringify(result), at);
    return result.final === true;
  });
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
  let startBody = '';
  for await (const chunk of started) startBody += chunk;
  if (started.statusCode !== 201)
    throw new Error(`join: ${started.statusCode} ${startBody}`);
  const { id } = JSON.parse(startBody);
  const relayed: Array<{ payload: string; at: number }> = [];
  await readSse(
    await open(
      `${plan.pluginUrl}/investigations/${id}/events`,
      'GET',
      plan.headers,
    ),
    (frame, at) => {
      if (frame.event === 'a2a')
        relayed.push({ payload: JSON.parse(frame.data).payload, at });
      return frame.event === 'end';
    },
  );
  await directDone;
  const overheads: number[] = [];
  for (const event of relayed) {
    const at = direct.get(JSON.stringify(event.payload));
    if (at !== undefined && at - openedAt > LIVE_AFTER_MS)
      overheads.push(event.at - at);
  }
  process.stdout.write(JSON.stringify(overheads));
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
