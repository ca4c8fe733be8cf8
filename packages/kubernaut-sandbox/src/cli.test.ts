import { parseArgs, UsageError } from './cli';
import { DEFAULT_CLUSTERS } from './Sandbox';

describe('kubernaut-sandbox arguments', () => {
  it('defaults to three clusters, one on the v1.5 layout, from port 6550', () => {
    const options = parseArgs([]);
    expect(options).toEqual(
      expect.objectContaining({
        clusters: DEFAULT_CLUSTERS,
        port: 6550,
        host: '127.0.0.1',
        scale: 0,
        scaleChildren: false,
        speed: 1,
        seed: 1,
      }),
    );
    expect(DEFAULT_CLUSTERS.filter(c => c.layout === 'v1.5')).toHaveLength(1);
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const options = parseArgs([
      '--clusters',
      'prod-a:production:v1.5,dev-b',
      '--scale=20000',
      '--port',
      '7000',
      '--seed',
      '9',
      '--speed=2.5',
      '--kubeconfig-out',
      'out/kc',
      '--no-live',
    ]);
    if (options === 'help') throw new Error('unexpected help');
    expect(options.clusters).toEqual([
      { name: 'prod-a', environment: 'production', layout: 'v1.5' },
      { name: 'dev-b', environment: 'development', layout: 'v1.6' },
    ]);
    expect(options).toEqual(
      expect.objectContaining({
        scale: 20000,
        port: 7000,
        seed: 9,
        speed: 2.5,
        live: false,
      }),
    );
    expect(options.kubeconfigOut).toMatch(/\/out\/kc$/);
  });

  it('runs the OpenID Connect provider one port below the admin endpoint unless told otherwise', () => {
    expect(parseArgs([])).toEqual(
      expect.objectContaining({ identity: { enabled: true, port: 6549 } }),
    );
    expect(parseArgs(['--port', '0'])).toEqual(
      expect.objectContaining({ identity: { enabled: true, port: 0 } }),
    );
    expect(parseArgs(['--oidc-port=7100'])).toEqual(
      expect.objectContaining({ identity: { enabled: true, port: 7100 } }),
    );
    expect(parseArgs(['--no-oidc'])).toEqual(
      expect.objectContaining({ identity: { enabled: false, port: 6549 } }),
    );
  });

  it('pre-fills children only when --scale-children is given with a scale', () => {
    expect(parseArgs(['--scale', '100'])).toEqual(
      expect.objectContaining({ scale: 100, scaleChildren: false }),
    );
    expect(parseArgs(['--scale-children', '--scale=100'])).toEqual(
      expect.objectContaining({ scale: 100, scaleChildren: true }),
    );
    expect(() => parseArgs(['--scale-children'])).toThrow(
      '--scale-children needs --scale N with N > 0',
    );
    expect(() => parseArgs(['--scale', '5', '--scale-children=yes'])).toThrow(
      '--scale-children takes no value',
    );
  });

  it('answers --help', () => {
    expect(parseArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--scale', '-1']],
    [['--scale', '1.5']],
    [['--speed', '0']],
    [['--port', 'x']],
    [['--clusters', 'Bad_Name']],
    [['--clusters', 'a:prod']],
    [['--clusters', 'a:production:v2']],
    [['--clusters', 'a,a']],
    [['--unknown']],
    [['--no-live=yes']],
    [['--no-oidc=yes']],
    [['--oidc-port', '-3']],
    [['--port', '1']],
    [['--port', '65534']],
  ])('refuses %j with a usage error', argv => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
