import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every Beacon instance.
const MIGRATION_LOCK = 7_240_011;

/**
 * Runs pending migrations under an advisory lock, so instances starting together apply each
 * migration once. Given the server's DEFAULT_TIME_ZONE, it then rebuilds the outcome report's
 * rollups if they count months in another zone (the OutcomeRollup migration builds them in the
 * default one); until then the report reads the referrals, so its figures never change.
 */
export async function migrate(dataSource: DataSource, timeZone?: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (timeZone) await rebuildRollups(dataSource, timeZone);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await runner.release();
  }
}

/** One transaction, without the statement timeout: over a million referrals the rebuild takes about half a minute. */
async function rebuildRollups(dataSource: DataSource, timeZone: string): Promise<void> {
  await dataSource.transaction(async (em) => {
    const [built] = await em.query(`SELECT time_zone FROM outcome_rollup_zone`);
    if (built?.time_zone === timeZone) return;
    await em.query(`SET LOCAL statement_timeout = 0`);
    await em.query(`SELECT outcome_rollup_rebuild($1)`, [timeZone]);
  });
}
