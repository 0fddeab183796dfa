import { loadavg } from 'node:os';
import type { LoadResult } from './load';

/** A figure for the printed tables: `-` where there is none. */
export const fixed = (value: number | null | undefined, digits = 1) => (value == null || Number.isNaN(value) ? '-' : value.toFixed(digits));

/** A figure for BENCH_JSON: two decimals, null where there is none. */
export const rounded = (value: number | null | undefined) => (value == null || Number.isNaN(value) ? null : Math.round(value * 100) / 100);

/** A load's figures as BENCH_JSON gives them. */
export const loadFigures = (load: LoadResult) => ({
  requests: load.requests,
  errors: load.errors,
  rps: rounded(load.throughput),
  p50: rounded(load.p50),
  p95: rounded(load.p95),
  p99: rounded(load.p99),
});

/** The machine's load average over 1, 5 and 15 minutes, one decimal each: the bench shares its cores, so its figures say how busy they were. */
export const loadAverage = () => loadavg().map((v) => Math.round(v * 10) / 10);
