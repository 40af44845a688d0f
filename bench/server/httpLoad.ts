// The load generator of `npm run bench:server`: HTTP/1.1 over keep-alive connections (rawHttpClient.ts), open
// loop at a fixed arrival rate or closed loop (each connection sends its next request when the last one
// answered). Loopback only.
import { rawHttpClient, type RawRequest } from './rawHttpClient.js';

export type LoadRequest = RawRequest;

export interface LoadTarget {
  /** e.g. http://127.0.0.1:40123; several spread the requests round-robin (instances behind one balancer). */
  urls: readonly string[];
  connections: number;
}

export interface PhaseResult {
  /** Arrivals asked for (open loop) or requests sent (closed loop). */
  sent: number;
  /** Correct outcomes only (the classifier said yes). */
  ok: number;
  /** Everything else, by HTTP status ("net" for a connection error). */
  errors: Record<string, number>;
  /** Open loop: arrivals skipped because the source had nothing to send (no user free to sign in). */
  starved: number;
  seconds: number;
  /** ok / seconds. */
  okPerSecond: number;
  /** Of correct outcomes; open loop counts from the scheduled arrival, so queueing in the client counts too. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** What to send next; null when there is nothing to send (the arrival is skipped and counted as starved). */
export type RequestSource = () => { request: LoadRequest; done(ok: boolean): void } | null;
export type Classifier = (status: number, body: string) => boolean;

/** The answers of a phase: latencies of the correct ones, the rest counted by HTTP status ("net": no answer). */
class Tally {
  private readonly latencies: number[] = [];
  private readonly errors: Record<string, number> = {};
  private ok = 0;

  record(status: number, good: boolean, since: number): void {
    if (good) {
      this.ok++;
      this.latencies.push(performance.now() - since);
    } else {
      const key = status === 0 ? 'net' : String(status);
      this.errors[key] = (this.errors[key] ?? 0) + 1;
    }
  }

  result(sent: number, starved: number, seconds: number): PhaseResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
    const { ok, errors } = this;
    return { sent, ok, errors, starved, seconds, okPerSecond: ok / seconds, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN };
  }
}

/**
 * Open loop: arrival i is due at start + i/rate whatever the answers do (no coordinated omission), and
 * its latency counts from when it was due. Arrivals due in the first `warmupMs` are sent but not counted.
 */
export async function openLoop(target: LoadTarget, o: { rate: number; durationMs: number; warmupMs: number; source: RequestSource; ok: Classifier }): Promise<PhaseResult> {
  const c = rawHttpClient(target.urls, target.connections);
  const total = Math.round((o.rate * (o.durationMs + o.warmupMs)) / 1000);
  const interval = 1000 / o.rate;
  const tally = new Tally();
  let counted = 0;
  let starved = 0;
  let due = 0;
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  const measureFrom = start + o.warmupMs;

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (due < total && start + due * interval <= now) {
        const dueAt = start + due * interval;
        due++;
        const measured = dueAt >= measureFrom;
        const next = o.source();
        if (!next) {
          if (measured) starved++;
          continue;
        }
        if (measured) counted++;
        pending.push(
          c.fire(next.request).then((res) => {
            const good = o.ok(res.status, res.body);
            next.done(good);
            if (measured) tally.record(res.status, good, dueAt);
          }),
        );
      }
      if (due < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  c.close();
  // Throughput over the measured window: arrivals after warm-up, ending when the last answer came.
  const seconds = Math.max(o.durationMs / 1000, (performance.now() - measureFrom) / 1000);
  return tally.result(counted, starved, seconds);
}

/** Closed loop: `connections` workers, each sending its next request as soon as the previous one answered. */
export async function closedLoop(target: LoadTarget, o: { durationMs: number; source: RequestSource; ok: Classifier }): Promise<PhaseResult> {
  const c = rawHttpClient(target.urls, target.connections);
  const tally = new Tally();
  let sent = 0;
  let starved = 0;
  const start = performance.now();
  const end = start + o.durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const next = o.source();
      if (!next) {
        starved++;
        return;
      }
      sent++;
      const t = performance.now();
      const res = await c.fire(next.request);
      const good = o.ok(res.status, res.body);
      next.done(good);
      tally.record(res.status, good, t);
    }
  };
  await Promise.all(Array.from({ length: target.connections }, worker));
  c.close();
  return tally.result(sent, starved, (performance.now() - start) / 1000);
}
