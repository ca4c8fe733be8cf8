import { boundedListGate } from './Reflector';

describe('boundedListGate', () => {
  it('runs a few pages at once, and lets a hung page go on outside the gate', async () => {
    const gate = boundedListGate(2, 100);
    let running = 0;
    let most = 0;
    const page = (ms: number, value: string) =>
      gate(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise(resolve => setTimeout(resolve, ms));
        running--;
        return value;
      });
    const hung = page(1_000, 'slow');
    const started = Date.now();
    const quick = await Promise.all(['a', 'b', 'c', 'd'].map(v => page(20, v)));
    expect(quick).toEqual(['a', 'b', 'c', 'd']);
    // The hung page gave its place up after 100 ms, not after its 1,000.
    expect(Date.now() - started).toBeLessThan(600);
    expect(most).toBeLessThanOrEqual(3);
    await expect(hung).resolves.toBe('slow');
  });

  it('passes a page’s failure on', async () => {
    const gate = boundedListGate(1);
    await expect(
      gate(() => Promise.reject(new Error('410 Gone'))),
    ).rejects.toThrow('410 Gone');
    await expect(gate(async () => 'next')).resolves.toBe('next');
  });
});
