import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every Beacon instance.
const MIGRATION_LOCK = 7_240_011;

/** Runs pending migrations under an advisory lock, so instances starting together apply each migration once. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await runner.release();
  }
}
