import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { checkRow } from './import-fields';
import type { Source } from './import-source';
import { HSDS_TABLES, type HsdsTable } from './model';

/** A problem the report lists: where (file, row, field) and what. */
export interface ImportProblem {
  file: string;
  row: string | number | null;
  field: string | null;
  message: string;
}

/** The staging table of an HSDS table: every field as text, with where each row came from. */
export const stageOf = (table: HsdsTable) => `hsds_stage_${table.name}`;
const quote = (name: string) => `"${name}"`;

/** A CSV cell for COPY: unquoted empty is NULL; text is quoted, its quotes doubled. */
const cell = (value: string | number | null) => (value == null ? '' : `"${String(value).replace(/"/g, '""')}"`);

export interface Staged {
  /** Rows staged, by table. */
  rows: Map<string, number>;
  /** The fields each source gave, by table: the upsert writes only those. */
  present: Map<string, Set<string>>;
  errors: ImportProblem[];
  warnings: ImportProblem[];
}

/**
 * Creates a staging table for every HSDS table and COPYs each source row into its own, checked
 * field by field on the way (HSDS types, Beacon's bounds, ids made Beacon's). A row with a
 * problem is reported and left out of its staging table; its id goes to hsds_stage_refused, so
 * that a row pointing at it can say so.
 */
export async function stage(client: PoolClient, source: Source, progress: (line: string) => void): Promise<Staged> {
  const staged: Staged = { rows: new Map(), present: new Map(), errors: [], warnings: [] };
  for (const table of HSDS_TABLES) {
    await client.query(
      `CREATE TEMP TABLE ${stageOf(table)} (_file text NOT NULL, _row text NOT NULL, _ord bigserial, ${table.fields.map((f) => `${quote(f.name)} text`).join(', ')}) ON COMMIT DROP`,
    );
  }
  await client.query(`CREATE TEMP TABLE hsds_stage_refused (table_name text NOT NULL, id text NOT NULL) ON COMMIT DROP`);
  await client.query(`CREATE INDEX ON hsds_stage_refused (table_name, id)`);
  const refused: string[] = [];
  for (const part of source.tables) {
    const { table } = part;
    const present = staged.present.get(table.name) ?? new Set<string>();
    part.present.forEach((f) => present.add(f));
    staged.present.set(table.name, present);
    let count = 0;
    // Rows go to COPY in chunks of about 64 kB: a message per row would cost more than the row.
    const chunks = async function* () {
      let chunk = '';
      for await (const line of lines()) {
        chunk += line;
        if (chunk.length >= 65_536) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    };
    const lines = async function* () {
      for await (const record of part.rows()) {
        const checked = checkRow(table, record.values, part.present);
        for (const w of checked.warnings) staged.warnings.push({ file: part.file, row: record.row, field: w.field, message: w.message });
        if (checked.problems.length) {
          for (const p of checked.problems) staged.errors.push({ file: part.file, row: record.row, field: p.field, message: p.message });
          const id = checked.values[0];
          if (id) refused.push(`${cell(table.name)},${cell(id)}\n`);
          continue;
        }
        count += 1;
        if (count % 50_000 === 0) progress(`  ${part.file}: ${count.toLocaleString('en-US')} rows read`);
        yield `${cell(part.file)},${cell(record.row)},${checked.values.map(cell).join(',')}\n`;
      }
    };
    const columns = ['_file', '_row', ...table.fields.map((f) => quote(f.name))].join(', ');
    await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${stageOf(table)} (${columns}) FROM STDIN WITH (FORMAT csv)`)));
    staged.rows.set(table.name, (staged.rows.get(table.name) ?? 0) + count);
    progress(`  ${part.file}: ${count.toLocaleString('en-US')} ${table.name} rows staged`);
  }
  if (refused.length) await pipeline(Readable.from(refused), client.query(copyFrom(`COPY hsds_stage_refused (table_name, id) FROM STDIN WITH (FORMAT csv)`)));
  for (const table of HSDS_TABLES) {
    if (staged.rows.get(table.name)) await client.query(`CREATE INDEX ON ${stageOf(table)} (id); ANALYZE ${stageOf(table)}`);
  }
  return staged;
}
