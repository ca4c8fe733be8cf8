import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

function spawnBenchScript(
  script: string,
  args: string[],
  nodeOptions: string[] = [],
): ChildProcess {
  return spawn(
    process.execPath,
    [
      ...nodeOptions,
      '-r',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      join(__dirname, script),
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise(resolve => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', resolve);
  });
}

/**
 * Runs one of the bench scripts in its own Node process, with the same TypeScript loader, and
 * returns what it printed.
 */
export async function runBenchProcess(
  script: string,
  args: string[],
): Promise<string> {
  const child = spawnBenchScript(script, args);
  child.stdin!.end();
  let stdout = '';
  child.stdout!.on('data', chunk => (stdout += chunk));
  const code = await exitCode(child);
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return stdout;
}

/**
 * Starts a bench script that prints `ready`, then answers one line on stdout for each line it
 * reads on stdin, so a measurement begins the moment it is asked for, not after a process start.
 * `nodeOptions` go to Node before the script (`--expose-gc`, `--max-old-space-size=…`).
 */
export async function startBenchWorker(
  script: string,
  nodeOptions: string[] = [],
) {
  const child = spawnBenchScript(script, [], nodeOptions);
  const lines = createInterface({ input: child.stdout! })[
    Symbol.asyncIterator
  ]();
  const exited = exitCode(child);
  const first = await lines.next();
  if (first.done || first.value !== 'ready')
    throw new Error(`${script} did not start: ${await exited}`);
  return {
    async ask(line: string): Promise<string> {
      child.stdin!.write(`${line}\n`);
      const answer = await lines.next();
      if (answer.done) throw new Error(`${script} exited with ${await exited}`);
      return answer.value;
    },
    async stop(): Promise<void> {
      child.stdin!.end();
      const code = await exited;
      if (code !== 0) throw new Error(`${script} exited with ${code}`);
    },
  };
}
