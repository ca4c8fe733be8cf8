import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs one of the bench scripts in its own Node process, with the same TypeScript loader, and
 * returns what it printed.
 */
export async function runBenchProcess(
  script: string,
  args: string[],
): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      join(__dirname, script),
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout!.on('data', chunk => (stdout += chunk));
  const code = await new Promise<number | null>(resolve =>
    child.on('exit', resolve),
  );
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return stdout;
}
