import { resolveIntakeCluster } from './resolveIntakeCluster';

const clusters = [
  {
    name: 'prod-us-east',
    title: 'Production US East',
    environment: 'production',
  },
  {
    name: 'prod-eu-west',
    title: 'Production EU West',
    environment: 'production',
  },
  { name: 'staging', environment: 'staging' },
  { name: 'ml-gpu-01', environment: 'development' },
];
const workloads = [
  { name: 'checkout-service', cluster: 'prod-us-east' },
  { name: 'checkout-service', cluster: 'prod-eu-west' },
  { name: 'checkout-service', cluster: 'staging' },
  { name: 'payment-gateway', cluster: 'prod-eu-west' },
  { name: 'trainer', cluster: 'ml-gpu-01' },
  { name: 'trainer', cluster: 'staging' },
  ...clusters.map(c => ({ name: 'coredns', cluster: c.name })),
];
const resolve = (text: string) =>
  resolveIntakeCluster(text, clusters, workloads);

describe('resolveIntakeCluster', () => {
  it('picks the cluster the Investigate page example names', () => {
    expect(
      resolve(
        'The payment processing in prod-eu-west feels sluggish since this morning.',
      ),
    ).toEqual({
      kind: 'one',
      cluster: 'prod-eu-west',
      reason: 'named in your description',
    });
  });

  it.each([
    ['checkout errors on PROD-US-EAST', 'prod-us-east'],
    ['checkout errors on prod us east', 'prod-us-east'],
    ['prod_eu_west is slow', 'prod-eu-west'],
    ['the eu west cluster drops requests', 'prod-eu-west'],
    ['the gpu cluster is out of memory', 'ml-gpu-01'],
    ['latency in Production EU West', 'prod-eu-west'],
  ])('reads a named cluster in %j', (text, cluster) => {
    expect(resolve(text)).toMatchObject({ kind: 'one', cluster });
  });

  it('asks when the description names several clusters', () => {
    expect(resolve('prod-us-east and prod-eu-west both fail')).toEqual({
      kind: 'several',
      candidates: ['prod-us-east', 'prod-eu-west'],
      reason: 'your description names several clusters',
    });
  });

  it('picks the only cluster of a named environment', () => {
    expect(resolve('pods keep restarting in staging')).toMatchObject({
      kind: 'one',
      cluster: 'staging',
    });
  });

  it('asks, listing them, when an environment has several clusters', () => {
    expect(resolve('everything in prod is slow')).toEqual({
      kind: 'several',
      candidates: ['prod-us-east', 'prod-eu-west'],
      reason: '2 production clusters match',
    });
  });

  it('picks the only cluster a named workload runs on', () => {
    expect(resolve('payment-gateway times out')).toEqual({
      kind: 'one',
      cluster: 'prod-eu-west',
      reason: 'the only cluster running payment-gateway',
    });
    expect(resolve('payment gateway times out')).toMatchObject({
      cluster: 'prod-eu-west',
    });
  });

  it('combines a workload with an environment', () => {
    expect(resolve('checkout-service errors in production')).toMatchObject({
      kind: 'several',
      candidates: ['prod-us-east', 'prod-eu-west'],
    });
    expect(resolve('the trainer in dev is stuck')).toEqual({
      kind: 'one',
      cluster: 'ml-gpu-01',
      reason: 'the only development cluster running trainer',
    });
  });

  it('leaves out excluded clusters and environments', () => {
    expect(
      resolve('checkout-service errors, but not in staging'),
    ).toMatchObject({
      kind: 'several',
      candidates: ['prod-us-east', 'prod-eu-west'],
    });
    expect(
      resolve(
        'checkout-service errors everywhere except prod-us-east and staging',
      ),
    ).toMatchObject({ kind: 'one', cluster: 'prod-eu-west' });
  });

  it('has no pick without a clue, or when a workload runs everywhere', () => {
    expect(resolve('the site feels slow')).toEqual({ kind: 'none' });
    expect(resolve('coredns lookups fail')).toEqual({ kind: 'none' });
    expect(resolve('')).toEqual({ kind: 'none' });
    expect(resolveIntakeCluster('prod-eu-west is slow', [])).toEqual({
      kind: 'none',
    });
  });

  it('does not take near-misses in prose for clues', () => {
    // "stale" is a typo away from "stage", "trained" from the trainer workload.
    expect(resolve('the cache is stale')).toEqual({ kind: 'none' });
    expect(resolve('the model trained overnight is wrong')).toEqual({
      kind: 'none',
    });
  });

  it('reads the environment from the name when none is configured', () => {
    expect(
      resolveIntakeCluster('slow in prod', [
        { name: 'prod-a' },
        { name: 'dev-b' },
      ]),
    ).toMatchObject({ kind: 'one', cluster: 'prod-a' });
  });

  it('reads all of a long description, not only its first 500 characters', () => {
    const filler = 'The graphs look odd and users complain. '.repeat(20);
    expect(resolve(`${filler} It started on prod-eu-west.`)).toMatchObject({
      kind: 'one',
      cluster: 'prod-eu-west',
    });
  });
});
