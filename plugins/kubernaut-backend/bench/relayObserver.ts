/**
 * Measures what the plugin's relay adds to each investigation event, from outside the backend:
 * it joins one remediation's investigation twice at once, directly from API Frontend and through
 * the plugin, and for every live event prints the relayed receipt time minus the direct one.
 * Both readers share this process and its clock, read with node:http and only split frames while
 * events arrive (JSON is parsed after the streams end), so the observer takes next to no CPU
 * from the sandbox and the backend it shares two cores with.
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

interface Frame {
  event?: string;
  data: string;
  at: number;
}

/**
 * Collects a stream's SSE frames with their arrival times until `isLast` says so. Frames are
 * parsed only afterwards: work done here while events arrive would take a core from the backend.
 */
function readSse(
  response: IncomingMessage,
  isLast: (frame: Frame) => boolean,
): Promise<Frame[]> {
  return new Promise((resolve, reject) => {
    const frames: Frame[] = [];
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
        const frame: Frame = { data: '', at };
        for (const line of buffer.slice(0, end).split('\n')) {
          if (line.startsWith('event: ')) frame.event = line.slice(7);
          else if (line.startsWith('data: ')) frame.data += line.slice(6);
        }
        buffer = buffer.slice(end + 2);
        if (!frame.data) continue;
        frames.push(frame);
        if (isLast(frame)) {
          response.destroy();
          resolve(frames);
          return;
        }
      }
    });
    response.on('end', () => resolve(frames));
    response.on('error', reject);
  });
}

async function main() {
  const plan = JSON.parse(process.argv[2]) as ObserverPlan;
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
  const directDone = readSse(directStream, frame =>
    frame.data.includes('"final":true'),
  );
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
  const relayed = await readSse(
    await open(
      `${plan.pluginUrl}/investigations/${id}/events`,
      'GET',
      plan.headers,
    ),
    frame => frame.event === 'end',
  );
  const direct = new Map<string, number>();
  for (const frame of await directDone) {
    const result = JSON.parse(frame.data).result;
    if (result) direct.set(JSON.stringify(result), frame.at);
  }
  const overheads: number[] = [];
  for (const frame of relayed) {
    if (frame.event !== 'a2a') continue;
    const payload = JSON.parse(frame.data).payload;
    const at = direct.get(JSON.stringify(payload));
    if (at !== undefined && at - openedAt > LIVE_AFTER_MS)
      overheads.push(frame.at - at);
  }
  process.stdout.write(JSON.stringify(overheads));
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
