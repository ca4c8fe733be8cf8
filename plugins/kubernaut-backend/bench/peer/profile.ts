/**
 * `yarn bench:peer --profile`: the backend's own CPU profile (it runs in the benchmark's process)
 * while one question is asked many times, summed by function and by package, in microseconds of
 * CPU per request, so that a route's cost over the floor's can be read function by function.
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** CPU per request by function (`name file:line`), most first, µs. */
  functions: Array<[string, number]>;
  /** CPU per request by package (`node:` internals, a node_modules package, or ours), µs. */
  packages: Array<[string, number]>;
}

const SAMPLING_INTERVAL_US = 50;

function packageOf(url: string): string {
  if (!url) return '(native and GC)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const ours = url.match(/(plugins|packages)\/[^/]+/);
  return ours ? ours[0] : url;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** Profiles `run` and tells where its CPU went, per request of the `requests` it makes. */
export async function profileRequests(
  requests: number,
  run: () => Promise<void>,
): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', {
    interval: SAMPLING_INTERVAL_US,
  });
  await session.post('Profiler.start');
  let profile: CpuProfile;
  try {
    await run();
  } finally {
    const stopped = (await session.post('Profiler.stop')) as unknown as {
      profile: CpuProfile;
    };
    profile = stopped.profile;
    session.disconnect();
  }
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    // Idle time, and the profiler's own session (the process waits in it while the client
    // asks), are not the backend's work.
    if (
      !node ||
      node.callFrame.functionName === '(idle)' ||
      node.callFrame.url === 'node:inspector'
    )
      return;
    const name = label(node);
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    const pkg = packageOf(node.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
  });
  const perRequest = (map: Map<string, number>) =>
    [...map]
      .map(([key, us]) => [key, us / requests] as [string, number])
      .sort((a, b) => b[1] - a[1]);
  return {
    functions: perRequest(byFunction),
    packages: perRequest(byPackage),
  };
}
