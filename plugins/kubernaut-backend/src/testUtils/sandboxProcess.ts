import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface SandboxCluster {
  name: string;
  environment: string;
  layout: string;
  kubernetesUrl: string;
  dataStorageUrl: string;
  apiFrontendUrl: string;
}

export interface SandboxProcess {
  adminUrl: string;
  kubeconfig: string;
  /** The CA of Data Storage's and API Frontend's certificates (the chart's inter-service CA). */
  interServiceCaFile: string;
  clusters: SandboxCluster[];
  admin(path: string, body?: object): Promise<any>;
  /** The backend plugin's config for every sandbox cluster. */
  pluginConfig(): { kubernaut: { clusters: object[] } };
  stop(): Promise<void>;
}

/**
 * Starts the real sandbox CLI as a child process on free ports: the same program `./run.sh`
 * starts, reached over the network like a real Kubernaut.
 */
export async function startSandboxProcess(
  args: string[],
): Promise<SandboxProcess> {
  const bin = join(
    dirname(require.resolve('@kubernaut/sandbox/package.json')),
    'bin/kubernaut-sandbox',
  );
  const kubeconfig = join(
    mkdtempSync(join(tmpdir(), 'kubernaut-it-')),
    'kubeconfig',
  );
  const child = spawn(
    process.execPath,
    [bin, '--port', '0', '--kubeconfig-out', kubeconfig, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => (stderr += chunk));
  const adminUrl = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      const match = stdout.match(/admin=(http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', code =>
      reject(new Error(`sandbox exited with ${code}: ${stderr}`)),
    );
  });
  const admin = async (path: string, body?: object) => {
    const response = await fetch(
      `${adminUrl}${path}`,
      body
        ? {
            method: 'POST',
            body: JSON.stringify(body),
            headers: { 'Content-Type': 'application/json' },
          }
        : undefined,
    );
    return response.json();
  };
  const health = await admin('/health');
  const clusters: SandboxCluster[] = health.clusters;
  const interServiceCaFile = join(dirname(kubeconfig), 'inter-service-ca.crt');
  return {
    adminUrl,
    kubeconfig,
    interServiceCaFile,
    clusters,
    admin,
    pluginConfig: () => ({
      kubernaut: {
        clusters: clusters.map(c => ({
          name: c.name,
          title: c.name,
          environment: c.environment,
          kubeconfig: { path: kubeconfig, context: `${c.name}-backstage` },
          dataStorage: { url: c.dataStorageUrl, caFile: interServiceCaFile },
          apiFrontend: { url: c.apiFrontendUrl, caFile: interServiceCaFile },
        })),
      },
    }),
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
