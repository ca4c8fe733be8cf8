import {
  monitorEventLoopDelay,
  PerformanceObserver,
  constants,
} from 'node:perf_hooks';

/**
 * Watches this process's event loop and garbage collector while a measurement runs, so a
 * latency tail can be told apart from the process simply not being scheduled or paused.
 */
export function watchLoopHealth() {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const pauses: Array<{ kind: string; ms: number }> = [];
  const gc = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } })
        .detail?.kind;
      pauses.push({
        kind: kind === constants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : 'minor',
        ms: entry.duration,
      });
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  delay.enable();
  return {
    /** "loop delay p50 …, p99 …, max …; GC: N minor (max …), N major (max …)" */
    stop(): string {
      delay.disable();
      gc.disconnect();
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      const summary = (kind: string) => {
        const of = pauses.filter(p => p.kind === kind).map(p => p.ms);
        const total = of.reduce((sum, p) => sum + p, 0);
        return `${of.length} ${kind} (total ${total.toFixed(
          0,
        )} ms, max ${Math.max(0, ...of).toFixed(1)} ms)`;
      };
      return `event-loop delay p50 ${ms(delay.percentile(50))}, p99 ${ms(
        delay.percentile(99),
      )}, max ${ms(delay.max)} ms; GC pauses ${summary('minor')}, ${summary(
        'major',
      )}`;
    },
  };
}
