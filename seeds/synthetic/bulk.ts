import type { EntityManager } from 'typeorm';

/** Told after each bulk INSERT: the table it wrote and how many rows. */
export type Progress = (table: string, rows: number) => void;

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

/** The transaction's query function for the generators: it tells `progress` how many rows each INSERT wrote. */
export function bulkQuery(em: EntityManager, progress?: Progress) {
  return async (sql: string, params: unknown[] = []): Promise<any> => {
    const result = await em.queryRunner!.query(sql, params, true);
    const table = /^\s*INSERT INTO (\w+)/i.exec(sql)?.[1];
    // The generators' own scratch tables (syn_…) are not part of the data set.
    if (table && !table.startsWith('syn_') && progress) progress(table, result.affected ?? 0);
    return result.records;
  };
}
