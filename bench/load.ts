/** A closed-loop load: `concurrency` clients each send their next request as soon as the last one answers. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export async function runLoad(send: (i: number) => Promise<boolean>, concurrency: number, seconds: number): Promise<LoadResult> {
  return (await runMixedLoad(send, concurrency, seconds, () => '')).all;
}

/** runLoad, each request also counted under its kind (`kindOf(i)` names the i-th's): the figures of each kind within the same load. */
export async function runMixedLoad(
  send: (i: number) => Promise<boolean>,
  concurrency: number,
  seconds: number,
  kindOf: (i: number) => string,
): Promise<{ all: LoadResult; kinds: Map<string, LoadResult> }> {
  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const i = next++;
        const kind = kindOf(i);
        const t0 = performance.now();
        const ok = await send(i).catch(() => false);
        if (!latencies.has(kind)) latencies.set(kind, []);
        if (ok) latencies.get(kind)!.push(performance.now() - t0);
        else errors.set(kind, (errors.get(kind) ?? 0) + 1);
      }
    }),
  );
  const took = (performance.now() - started) / 1000;
  const kinds = new Map([...latencies].map(([kind, times]) => [kind, summarize(times, errors.get(kind) ?? 0, took)]));
  const sum = (counts: Iterable<number>) => [...counts].reduce((a, b) => a + b, 0);
  return { all: summarize([...latencies.values()].flat(), sum(errors.values()), took), kinds };
}
