/**
 * The benchmarks' HTTP client, run as its own process so that its sockets, parsers and buffers
 * are not counted in the backend's memory, and its work does not share the backend's event loop
 * (as a browser's would not).
 *   node -r @backstage/cli-node/config/nodeTransform.cjs loadClient.ts '<plan as JSON>'
 * The plan is a list of runs; it prints one JSON object: run name -> latency samples in ms.
 */

export interface LoadRun {
  name: string;
  /** `{i}` is replaced by the request's number. */
  url: string;
  count: number;
  concurrency: number;
}

async function time(run: LoadRun): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: run.concurrency }, async () => {
      while (next < run.count) {
        const url = run.url.replaceAll('{i}', String(next++));
        const started = performance.now();
        const response = await fetch(url);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        samples.push(performance.now() - started);
      }
    }),
  );
  return samples;
}

async function main() {
  const plan = JSON.parse(process.argv[2]) as LoadRun[];
  const results: Record<string, number[]> = {};
  for (const run of plan) results[run.name] = await time(run);
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
