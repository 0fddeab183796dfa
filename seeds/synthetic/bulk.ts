import type { EntityManager } from 'typeorm';

/**
 * Readies a transaction for the generators' bulk statements: no statement timeout (they run far
 * longer than a request may), and, for a superuser (the embedded database's), no per-row
 * foreign-key triggers, which would otherwise take most of the time (the rows reference what
 * they were drawn from). A seed from -1 to 1 makes every random() after it repeatable.
 */
export async function bulkTransaction(em: EntityManager, seed?: number): Promise<void> {
  await em.query(`SET LOCAL statement_timeout = 0`);
  const [{ superuser }] = await em.query(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`);
  if (superuser) await em.query(`SET LOCAL session_replication_role = replica`);
  if (seed !== undefined) await em.query(`SELECT setseed($1)`, [seed]);
}
