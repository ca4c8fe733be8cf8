import { resolve } from 'node:path';
import type { ClusterSpec } from './SimulatedCluster';
import { DEFAULT_CLUSTERS, Sandbox, type SandboxOptions } from './Sandbox';

const USAGE = `Usage: kubernaut-sandbox [options]

  --clusters LIST        clusters as name[:environment[:layout]], comma-separated
                         (default: prod-us-east:production:v1.6,prod-eu-west:production:v1.5,staging:staging:v1.6)
  --scale N              RemediationRequests to pre-fill per cluster (default 0)
  --scale-children       give each pre-filled remediation the children its phase implies
                         (SignalProcessing, AIAnalysis, approval request, execution,
                         assessment, notifications), copied from the played history
  --port N               first port: admin endpoint; clusters use the next three ports each (default 6550)
  --host H               address to listen on (default 127.0.0.1)
  --kubeconfig-out FILE  write a kubeconfig with one context per cluster
  --seed N               seed for deterministic runs (default 1)
  --speed X              scenario clock factor (default 1)
  --oidc-port N          port of the OpenID Connect provider of the dev stack's people
                         (default: the admin port minus one, 6549; 0 picks a free one)
  --no-oidc              no OpenID Connect provider (API Frontend trusts static tokens only)
  --no-live              no background remediations: only those started through the admin
                         endpoint run (history is still played)
  --help                 show this help`;

export class UsageError extends Error {}

function defaultEnvironment(name: string): string {
  if (name.startsWith('prod')) return 'production';
  if (name.startsWith('dev')) return 'development';
  return 'staging';
}

function parseCluster(text: string): ClusterSpec {
  const [name, environment, layout] = text.split(':');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name ?? ''))
    throw new UsageError(`invalid cluster name "${name}"`);
  const env = environment ?? defaultEnvironment(name);
  if (!['production', 'staging', 'development'].includes(env))
    throw new UsageError(`invalid environment "${env}" for ${name}`);
  const lay = layout ?? 'v1.6';
  if (lay !== 'v1.5' && lay !== 'v1.6')
    throw new UsageError(
      `invalid status layout "${lay}" for ${name}: use v1.5 or v1.6`,
    );
  return { name, environment: env as ClusterSpec['environment'], layout: lay };
}

function number(
  flag: string,
  value: string | undefined,
  { min, integer }: { min: number; integer: boolean },
): number {
  const n = Number(value);
  if (
    value === undefined ||
    !Number.isFinite(n) ||
    n < min ||
    (integer && !Number.isInteger(n))
  ) {
    throw new UsageError(
      `${flag} needs ${integer ? 'an integer' : 'a number'} >= ${min}`,
    );
  }
  return n;
}

export function parseArgs(argv: string[]): SandboxOptions | 'help' {
  const options: SandboxOptions = {
    clusters: DEFAULT_CLUSTERS,
    host: '127.0.0.1',
    port: 6550,
    seed: 1,
    speed: 1,
    scale: 0,
    scaleChildren: false,
  };
  let oidcPort: number | undefined;
  let oidc = true;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--clusters': {
        const list = (value() ?? '')
          .split(',')
          .map(s => s.trim())
          .filter(Boolean);
        if (list.length === 0)
          throw new UsageError('--clusters needs at least one cluster');
        options.clusters = list.map(parseCluster);
        if (
          new Set(options.clusters.map(c => c.name)).size !==
          options.clusters.length
        ) {
          throw new UsageError('--clusters has a duplicate name');
        }
        break;
      }
      case '--scale':
        options.scale = number(flag, value(), { min: 0, integer: true });
        break;
      case '--scale-children':
        if (inline !== undefined)
          throw new UsageError('--scale-children takes no value');
        options.scaleChildren = true;
        break;
      case '--port':
        options.port = number(flag, value(), { min: 0, integer: true });
        break;
      case '--host':
        options.host = value() ?? '';
        break;
      case '--kubeconfig-out':
        options.kubeconfigOut = resolve(value() ?? '');
        break;
      case '--seed':
        options.seed = number(flag, value(), { min: 0, integer: true });
        break;
      case '--speed':
        options.speed = number(flag, value(), { min: 0.01, integer: false });
        break;
      case '--oidc-port':
        oidcPort = number(flag, value(), { min: 0, integer: true });
        break;
      case '--no-oidc':
        if (inline !== undefined)
          throw new UsageError('--no-oidc takes no value');
        oidc = false;
        break;
      case '--no-live':
        if (inline !== undefined)
          throw new UsageError('--no-live takes no value');
        options.live = false;
        break;
      default:
        throw new UsageError(`unknown option ${argv[i]}`);
    }
  }
  if (options.scaleChildren && options.scale === 0)
    throw new UsageError('--scale-children needs --scale N with N > 0');
  if (options.port + options.clusters.length * 3 > 65535)
    throw new UsageError('--port leaves no room for every cluster');
  if (oidcPort === undefined && options.port === 1)
    throw new UsageError('--port 1 leaves no room for --oidc-port: give one');
  options.identity = {
    enabled: oidc,
    port: oidcPort ?? (options.port === 0 ? 0 : options.port - 1),
  };
  return options;
}

/** Runs the CLI with the process arguments. */
export async function main(): Promise<void> {
  let options: SandboxOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kubernaut-sandbox: ${error.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const started = Date.now();
  const sandbox = new Sandbox(options);
  await sandbox.start();
  const clusters = sandbox.clusters
    .map(c => `${c.name}=${c.kubeServer.url}`)
    .join(' ');
  const kubeconfig = options.kubeconfigOut
    ? ` kubeconfig=${options.kubeconfigOut}`
    : '';
  const issuer = sandbox.identity ? ` oidc=${sandbox.identity.issuer}` : '';
  process.stdout.write(
    `kubernaut-sandbox ready in ${Date.now() - started} ms: admin=${
      sandbox.admin.url
    } ${clusters}${kubeconfig}${issuer}\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`kubernaut-sandbox: ${signal}, stopping\n`);
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
