/**
 * `--profile`: records the page's JavaScript with the DevTools protocol's sampling profiler while
 * a measurement runs, writes it as a .cpuprofile (open it in Chromium's DevTools, Performance
 * panel), and tells which functions a long task spent its time in, named through the build's
 * source maps.
 */
import type { CDPSession, Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { sourceMapResolver, type SourcePosition } from './sourceMaps';

export interface LongTask {
  start: number;
  duration: number;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds, on the browser's monotonic clock. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface RecordedProfile {
  profile: CpuProfile;
  /** How much later the profile's clock reads than the page's `performance.now()`, in ms. */
  clockOffsetMs: number;
}

/** Sampling period, in microseconds: fine enough to split a 50 ms task into 250 samples. */
const SAMPLING_INTERVAL_US = 200;
/** The function the page runs to line up the profile's clock with its own. */
const CLOCK_MARK = 'kubernautBenchClockMark';

export async function startProfiling(
  page: Page,
): Promise<{ stop(): Promise<RecordedProfile> }> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', {
    interval: SAMPLING_INTERVAL_US,
  });
  await session.send('Profiler.start');
  return {
    async stop() {
      // Marked when the profile ends, in the document then shown: a profile that spans a page
      // load lines up with the loaded page's clock.
      const markedAt = await markClock(page);
      const { profile } = (await session.send('Profiler.stop')) as unknown as {
        profile: CpuProfile;
      };
      await session.detach();
      const times = sampleTimes(profile);
      const nodes = new Map(profile.nodes.map(node => [node.id, node]));
      const markIndex = profile.samples.findIndex(
        id => nodes.get(id)?.callFrame.functionName === CLOCK_MARK,
      );
      if (markIndex < 0)
        throw new Error('the profile does not show the clock mark');
      return {
        profile,
        clockOffsetMs: times[markIndex] / 1000 - markedAt,
      };
    },
  };
}

/**
 * Time spent in a function of a known name, at a known performance.now(): its first sample
 * tells the offset between the two clocks (to a sampling period). Long enough to be sampled on a
 * busy machine too.
 */
function markClock(page: Page): Promise<number> {
  return page.evaluate(() => {
    function kubernautBenchClockMark() {
      const at = performance.now();
      while (performance.now() - at < 10) {
        // busy on purpose
      }
      return at;
    }
    return kubernautBenchClockMark();
  });
}

/** When each sample was taken, in microseconds on the profile's clock. */
function sampleTimes(profile: CpuProfile): number[] {
  const times: number[] = [];
  let at = profile.startTime;
  for (const delta of profile.timeDeltas) {
    at += delta;
    times.push(at);
  }
  return times;
}

export function writeProfile(path: string, recorded: RecordedProfile) {
  writeFileSync(path, JSON.stringify(recorded.profile));
}

interface FunctionTime {
  label: string;
  selfMs: number;
  /** The callers of its heaviest stack, nearest first. */
  via: string[];
}

/** Self time per function (and its heaviest callers) over one long task. */
export function breakDownTask(
  recorded: RecordedProfile,
  task: LongTask,
  resolve: ReturnType<typeof sourceMapResolver>,
): { sampledMs: number; functions: FunctionTime[] } {
  const { profile, clockOffsetMs } = recorded;
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const labels = new Map<number, string>();
  const label = (id: number) => {
    let text = labels.get(id);
    if (text === undefined) {
      text = frameLabel(nodes.get(id)!.callFrame, resolve);
      labels.set(id, text);
    }
    return text;
  };

  const from = (task.start + clockOffsetMs) * 1000;
  const to = from + task.duration * 1000;
  const times = sampleTimes(profile);
  const byFunction = new Map<
    string,
    { selfUs: number; stacks: Map<string, number> }
  >();
  let sampledUs = 0;
  for (let i = 0; i < profile.samples.length - 1; i++) {
    if (times[i] < from || times[i] >= to) continue;
    const weight = times[i + 1] - times[i];
    const id = profile.samples[i];
    const name = label(id);
    if (name === '(idle)') continue;
    sampledUs += weight;
    const entry = byFunction.get(name) ?? { selfUs: 0, stacks: new Map() };
    entry.selfUs += weight;
    const via: string[] = [];
    for (
      let parent = parents.get(id);
      parent !== undefined && via.length < 4;
      parent = parents.get(parent)
    ) {
      const caller = label(parent);
      if (caller !== '(root)' && caller !== via[via.length - 1])
        via.push(caller);
    }
    const stack = via.join('\n');
    entry.stacks.set(stack, (entry.stacks.get(stack) ?? 0) + weight);
    byFunction.set(name, entry);
  }
  const functions = [...byFunction.entries()]
    .map(([name, { selfUs, stacks }]) => ({
      label: name,
      selfMs: selfUs / 1000,
      via: [...stacks.entries()]
        .sort((a, b) => b[1] - a[1])[0][0]
        .split('\n')
        .filter(Boolean),
    }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { sampledMs: sampledUs / 1000, functions };
}

function frameLabel(
  frame: CallFrame,
  resolve: ReturnType<typeof sourceMapResolver>,
): string {
  if (!frame.url) return frame.functionName || '(anonymous)';
  const position: SourcePosition | undefined = resolve(
    frame.url,
    frame.lineNumber,
    frame.columnNumber,
  );
  if (!position)
    return `${frame.functionName || '(anonymous)'} ${new URL(
      frame.url,
    ).pathname.replace(/^.*\//, '')}:${frame.lineNumber + 1}`;
  const source = position.source
    .replace(/^node_modules\//, '')
    .replace(/^.*\/plugins\//, 'plugins/');
  return `${position.name ?? (frame.functionName || '(anonymous)')} ${source}:${
    position.line
  }`;
}
