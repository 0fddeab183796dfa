import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { poolOf } from '../db/pool';

/** beacon_db_pool_connections{state="total"|"idle"} and beacon_db_pool_waiting, read from the pool at each scrape: a pool at its size with callers waiting is the first sign of a slow database. */
export function registerPoolGauges(registry: Registry, dataSource: DataSource): void {
  new Gauge({
    name: 'beacon_db_pool_connections',
    help: 'Connections in the database pool: all of them (total) and those not in use (idle).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = poolOf(dataSource);
      this.set({ state: 'total' }, pool?.totalCount ?? 0);
      this.set({ state: 'idle' }, pool?.idleCount ?? 0);
    },
  });
  new Gauge({
    name: 'beacon_db_pool_waiting',
    help: 'Queries waiting for a database connection.',
    registers: [registry],
    collect() {
      this.set(poolOf(dataSource)?.waitingCount ?? 0);
    },
  });
}
