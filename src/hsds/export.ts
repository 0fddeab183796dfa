import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { poolOf } from '../db/pool';
import { dataPackage } from './datapackage';
import { HSDS_TABLES, type HsdsTable } from './model';
import { recordsSql } from './records';

export interface ExportOptions {
  /** Told after each file is written. */
  progress?: (file: string, rows: number) => void;
}

export interface ExportResult {
  files: { file: string; rows: number }[];
}

/**
 * Writes the whole directory to `dir` as an HSDS 3.1 tabular data package: one CSV file per
 * table of the model and `datapackage.json`, written last. It is a publication, so each table is
 * read as the public reads it (recordsSql: confidential addresses, coordinates and the change
 * records that would place them withheld), every service status included. All tables come from
 * one snapshot, so the files' references agree; each streams from the server through COPY, so
 * nothing is held in memory whatever the directory's size.
 */
export async function exportHsds(dataSource: DataSource, dir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const pool = poolOf(dataSource);
  if (!pool) throw new Error('exportHsds needs an initialized data source');
  await mkdir(dir, { recursive: true });
  // Written last, so a folder with a datapackage.json holds a whole export, never a part of one.
  await rm(join(dir, 'datapackage.json'), { force: true });
  const client = await pool.connect();
  let snapshot: { files: ExportResult['files']; created: Date };
  try {
    snapshot = await copyTables(client, dir, options);
  } catch (error) {
    // The connection may have stopped in the middle of a COPY: closed (which ends the transaction), not pooled again.
    client.release(error as Error);
    throw error;
  }
  client.release();
  await writeFile(join(dir, 'datapackage.json'), `${JSON.stringify(dataPackage(snapshot.created), null, 2)}\n`);
  return { files: snapshot.files };
}

/** Every table of the model into its file, in one read-only snapshot. */
async function copyTables(client: PoolClient, dir: string, options: ExportOptions) {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  // A large directory takes longer than a request may.
  await client.query('SET LOCAL statement_timeout = 0');
  const { rows: [{ created }] } = await client.query<{ created: Date }>('SELECT now() AS created');
  const files: ExportResult['files'] = [];
  for (const table of HSDS_TABLES) {
    const rows = await copyTable(client, table, join(dir, table.file));
    files.push({ file: table.file, rows });
    options.progress?.(table.file, rows);
  }
  await client.query('COMMIT');
  return { files, created };
}

/** One table as CSV with a header row (a null an empty cell, an empty text ""), ordered by id so that exports compare line by line. */
async function copyTable(client: PoolClient, table: HsdsTable, path: string): Promise<number> {
  const copy = client.query(copyTo(`COPY (${recordsSql(table)} ORDER BY r.id) TO STDOUT WITH (FORMAT csv, HEADER, ENCODING 'UTF8')`));
  await pipeline(copy, crlfRecords(), createWriteStream(path));
  return copy.rowCount;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * PostgreSQL ends CSV records with LF; RFC 4180 (and the HSDS examples) with CRLF. Line breaks
 * inside a quoted value are the value's own and stay as they are. A doubled quote toggles the
 * state twice, so counting quotes alone tells inside from outside, across chunk boundaries too.
 */
function crlfRecords(): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      const parts: Buffer[] = [];
      let start = 0;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === QUOTE) quoted = !quoted;
        else if (byte === LF && !quoted) {
          parts.push(chunk.subarray(start, i), CRLF);
          start = i + 1;
        }
      }
      parts.push(chunk.subarray(start));
      done(null, Buffer.concat(parts));
    },
  });
}
