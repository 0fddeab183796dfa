import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { categorize, prune, refreshBeaconViews, stageServiceViews, type Unmapped } from './import-beacon';
import { checkStaged } from './import-checks';
import type { Source, SourceNote } from './import-source';
import { stage, stageOf, type ImportProblem } from './import-stage';
import { hsdsTable } from './model';
import { UPSERT_ORDER, upsertTable } from './import-upsert';

export interface ImportOptions {
  /** Import the rows without problems and report the rest, instead of importing nothing. */
  skipInvalid?: boolean;
  /** Mark INACTIVE the imported services of the package's organizations that it no longer holds. */
  prune?: boolean;
  /** Who imports (an admin through the API); null from the command line. */
  actorId?: string | null;
  defaultTimeZone: string;
  /** Through the API, the request an audit event names (written in the import's transaction). */
  audit?: { requestId: string; correlationId: string | null };
  progress?: (line: string) => void;
}

export interface TableCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  source: string;
  /** False when problems stopped it: nothing was written. */
  imported: boolean;
  tables: Record<string, TableCounts>;
  /** HSDS change records written: one per changed field, one per service created. */
  changeRecords: number;
  pruned: number;
  errors: ImportProblem[];
  /** Rows left out under skipInvalid (each listed in errors, once per problem). */
  skipped: number;
  warnings: ImportProblem[];
  /** Services whose terms map to no Beacon category, with the crosswalk's fallback they got. */
  unmapped: Unmapped[];
  seconds: number;
}

/** Imports can't interleave: the second waits for the first (each reads what the other writes). */
const IMPORT_LOCK = 7_263_210_001;

/**
 * Imports an HSDS 3.1 source in one transaction: every row staged (COPY) and checked, then, if
 * nothing is wrong (or skipInvalid), each table upserted in SQL with field-level change records,
 * Beacon's working copies refreshed, and with prune the services the package dropped marked
 * INACTIVE. A problem anywhere without skipInvalid writes nothing.
 */
export async function importHsds(dataSource: DataSource, source: Source, options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const report: ImportReport = { source: source.name, imported: false, tables: {}, changeRecords: 0, pruned: 0, errors: [], skipped: 0, warnings: [], unmapped: [], seconds: 0 };
  const problem = (w: SourceNote) => ({ file: w.file, row: w.row ?? null, field: w.field ?? null, message: w.message });
  report.warnings.push(...source.warnings.map(problem));
  report.errors.push(...source.errors.map(problem));
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL statement_timeout = 0`);
    await client.query(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
    progress(`reading ${source.name}`);
    const staged = await stage(client, source, progress);
    report.warnings.push(...staged.warnings);
    report.errors.push(...staged.errors);
    progress(`checking links and keys (${elapsed()})`);
    report.errors.push(...(await checkStaged(client, options.skipInvalid === true)));
    if (report.errors.length && !options.skipInvalid) {
      await client.query('ROLLBACK');
      progress(`${report.errors.length} problem(s): nothing imported`);
      return finish(report, started);
    }
    report.skipped = new Set(report.errors.map((e) => `${e.file}\u0000${e.row}`)).size;
    report.unmapped = await categorize(client);
    await client.query(`CREATE TEMP TABLE hsds_touched (table_name text NOT NULL, id uuid NOT NULL, created boolean NOT NULL) ON COMMIT DROP`);
    await client.query(`CREATE INDEX ON hsds_touched (table_name, id)`);
    const by = { label: `HSDS import of ${source.name}`, actorId: options.actorId ?? null, defaultTimeZone: options.defaultTimeZone };
    for (const name of UPSERT_ORDER) {
      if (name === 'service') await stageServiceViews(client);
      if (!staged.rows.get(name)) continue;
      // What the checks left of the table (skipInvalid drops refused rows).
      const [{ rows }] = (await client.query(`SELECT count(*)::int AS rows FROM ${stageOf(hsdsTable(name))}`)).rows;
      const written = await upsertTable(client, name, staged.present.get(name) ?? new Set(), by);
      report.tables[name] = { rows, created: written.created, updated: written.updated, unchanged: rows - written.created - written.updated };
      report.changeRecords += written.changeRecords;
      progress(`  ${name}: ${written.created} created, ${written.updated} updated (${elapsed()})`);
    }
    // Statistics for what the steps below join: the temporary table, and the tables a bulk load
    // just filled (without them the planner takes a table of 100,000 new rows for one of a few).
    const grown = Object.entries(report.tables).filter(([, c]) => c.created > 1000).map(([name]) => hsdsTable(name).table);
    await client.query(`ANALYZE ${['hsds_touched', ...grown].join(', ')}`);
    progress(`refreshing hours, places and search (${elapsed()})`);
    await refreshBeaconViews(client, progress);
    if (options.prune) {
      report.pruned = await prune(client, by);
      report.changeRecords += report.pruned;
    }
    if (options.audit) {
      const counts = Object.fromEntries(Object.entries(report.tables).map(([t, c]) => [t, { created: c.created, updated: c.updated }]));
      await client.query(
        `INSERT INTO audit_event (actor_id, action, entity_type, request_id, correlation_id, details) VALUES ($1, 'importHsds', 'hsds_package', $2, $3, $4)`,
        [options.actorId ?? null, options.audit.requestId, options.audit.correlationId, JSON.stringify({ source: source.name, skipped: report.skipped, pruned: report.pruned, tables: counts })],
      );
    }
    await client.query('COMMIT');
    report.imported = true;
    progress(`imported in ${elapsed()}`);
    return finish(report, started);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
    await source.close();
  }
}

function finish(report: ImportReport, started: number): ImportReport {
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}
