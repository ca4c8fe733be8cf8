import type { RunClock } from './RemediationRun';

/** Real time, sped up by the scenario factor (`--speed 10`: ten simulated seconds per second). */
export class LiveClock implements RunClock {
  readonly live = true;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly speed: number) {}

  now(): Date {
    return new Date();
  }

  sleep(seconds: number): Promise<void> {
    if (this.stopped) return new Promise(() => undefined);
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, (seconds * 1000) / this.speed);
      this.timers.add(timer);
    });
  }

  later(seconds: number): Date {
    return new Date(Date.now() + this.realMs(seconds));
  }

  /** Real milliseconds for a span of simulated seconds. */
  realMs(seconds: number): number {
    return (seconds * 1000) / this.speed;
  }

  /** Stops every pending sleep for good (the runs it belongs to never resume). */
  stop() {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Time that only moves when a run sleeps: plays a remediation of the past in no real time. */
export class VirtualClock implements RunClock {
  readonly live = false;
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  async sleep(seconds: number): Promise<void> {
    this.current += seconds * 1000;
  }

  later(seconds: number): Date {
    return new Date(this.current + seconds * 1000);
  }

  advanceTo(at: Date) {
    this.current = Math.max(this.current, at.getTime());
  }
}
