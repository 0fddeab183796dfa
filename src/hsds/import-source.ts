import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import * as yauzl from 'yauzl';
import { flattenJson } from './import-json';
import { HSDS_TABLES, type HsdsTable } from './model';

/** A record of one table, where it came from (file and row: a CSV line number, or a JSON path). */
export interface SourceRow {
  row: string | number;
  values: Record<string, unknown>;
}

export interface SourceTable {
  table: HsdsTable;
  file: string;
  /** The fields the source gives; a CSV without a column leaves that field as Beacon has it. */
  present: Set<string>;
  rows: () => AsyncIterable<SourceRow>;
}

export interface SourceNote {
  file: string;
  row?: string | number;
  field?: string;
  message: string;
}

export interface Source {
  name: string;
  tables: SourceTable[];
  warnings: SourceNote[];
  /** Problems found while reading (a compiled record given twice with different values). */
  errors: SourceNote[];
  close(): Promise<void>;
}

const everyField = (table: HsdsTable) => new Set(table.fields.map((f) => f.name));

/**
 * Opens what `path` names: a folder of HSDS 3.1 CSV files (with or without a datapackage.json),
 * a .zip of one, or a JSON file (one compiled object, an array, an API page, the tabular form).
 */
export async function openSource(path: string): Promise<Source> {
  const full = resolve(path);
  const info = await stat(full).catch(() => null);
  if (!info) throw new SourceError(`${path}: no such file or folder`);
  if (info.isDirectory()) return openFolder(full, basename(full));
  if (/\.zip$/i.test(full)) return openZip(full);
  if (/\.json$/i.test(full)) return openJson(full);
  if (/\.csv$/i.test(full)) return openFolder(dirname(full), basename(full), [basename(full)]);
  throw new SourceError(`${path}: not a folder, .zip, .json or .csv`);
}

/** The source cannot be read at all (as opposed to rows with problems, which the report lists). */
export class SourceError extends Error {}

async function openJson(file: string): Promise<Source> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SourceError(`${basename(file)}: not valid JSON (${(error as Error).message})`);
  }
  return fromJson(basename(file), document);
}

/** A JSON document already parsed (the API's JSON body). */
export function fromJson(name: string, document: unknown): Source {
  const flat = flattenJson(document);
  const tables = [...flat.tables].map(([tableName, records]) => {
    const table = HSDS_TABLES.find((t) => t.name === tableName)!;
    return {
      table,
      file: name,
      // A compiled object leaves out what it does not have: every field is given.
      present: everyField(table),
      rows: async function* () {
        yield* records;
      },
    };
  });
  const note = (w: { row: string; field: string; message: string }) => ({ file: name, row: w.row, field: w.field || undefined, message: w.message });
  return { name, tables, warnings: flat.warnings.map(note), errors: flat.errors.map(note), close: async () => undefined };
}

async function openFolder(folder: string, name: string, only?: string[]): Promise<Source> {
  const warnings: SourceNote[] = [];
  const files = only ?? (await readdir(folder));
  const byFile = new Map<string, HsdsTable>();
  if (files.includes('datapackage.json')) {
    // The package names its resources; a resource is matched by its HSDS name or its file's.
    const descriptor = JSON.parse(await readFile(join(folder, 'datapackage.json'), 'utf8'));
    for (const resource of Array.isArray(descriptor.resources) ? descriptor.resources : []) {
      const path = String(resource.path ?? '');
      const table = HSDS_TABLES.find((t) => t.name === resource.name || t.file === basename(path) || `${t.name}s` === resource.name);
      if (table && path && !path.includes('..')) byFile.set(path, table);
      else warnings.push({ file: 'datapackage.json', message: `resource ${resource.name ?? path} is not an HSDS 3.1 table: left out` });
    }
  } else {
    for (const file of files) {
      const table = HSDS_TABLES.find((t) => t.file === file);
      if (table) byFile.set(file, table);
      else if (file.endsWith('.csv')) warnings.push({ file, message: 'is not an HSDS 3.1 table (file names as in the specification, e.g. services.csv): left out' });
    }
  }
  const tables: SourceTable[] = [];
  for (const [file, table] of byFile) {
    const header = await csvHeader(join(folder, file));
    if (!header) {
      warnings.push({ file, message: 'is missing or empty' });
      continue;
    }
    for (const column of header) {
      if (!table.fields.some((f) => f.name === column)) warnings.push({ file, field: column, message: `is not a field of an HSDS ${table.name}: left out` });
    }
    tables.push({ table, file, present: new Set(header), rows: () => csvRows(join(folder, file)) });
  }
  return { name, tables, warnings, errors: [], close: async () => undefined };
}

const csvOptions = { bom: true, skip_empty_lines: true, relax_column_count: false } as const;

async function csvHeader(file: string): Promise<string[] | null> {
  const exists = await stat(file).catch(() => null);
  if (!exists) return null;
  const parser = createReadStream(file).pipe(parse({ ...csvOptions, to_line: 1 }));
  for await (const record of parser) return (record as string[]).map((c) => c.trim());
  return null;
}

/**
 * The records of a CSV file, each with its row as a spreadsheet numbers it (the header is row 1,
 * a record with a line break inside a quoted cell is still one row). Parsed as arrays: the
 * column objects and line counting of the parser's own options cost three times as much.
 */
async function* csvRows(file: string): AsyncIterable<SourceRow> {
  const parser = createReadStream(file).pipe(parse(csvOptions));
  let header: string[] | null = null;
  let row = 1;
  for await (const cells of parser as AsyncIterable<string[]>) {
    if (!header) {
      header = cells.map((c) => c.trim());
      continue;
    }
    row += 1;
    const values: Record<string, string> = {};
    for (let i = 0; i < header.length; i += 1) values[header[i]] = cells[i];
    yield { row, values };
  }
}

const MAX_UNPACKED = 4 * 2 ** 30;

/** A .zip is unpacked into a temporary folder (the package may sit in a folder inside it), read as a folder, then removed. */
async function openZip(file: string): Promise<Source> {
  const folder = await mkdtemp(join(tmpdir(), 'beacon-hsds-'));
  try {
    const zip = await yauzl.openPromise(file);
    let unpacked = 0;
    for await (const entry of (zip as any).eachEntry() as AsyncIterable<yauzl.Entry>) {
      const name = entry.fileName;
      if (name.endsWith('/') || name.split(/[\\/]/).includes('..') || name.startsWith('/')) continue;
      if (!/\.(csv|json)$/i.test(name)) continue;
      // A small zip may claim to hold terabytes: its sizes are checked (yauzl holds each entry to its own) before a byte is written.
      unpacked += entry.uncompressedSize;
      if (unpacked > MAX_UNPACKED) throw new SourceError(`${basename(file)}: unpacks to more than ${MAX_UNPACKED / 2 ** 30} GB`);
      // The package may sit in a folder inside the zip: its files are read by their own names.
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(join(folder, basename(name))));
    }
    zip.close();
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error instanceof SourceError ? error : new SourceError(`${basename(file)}: not a readable zip (${(error as Error).message})`);
  }
  const source = await openFolder(folder, basename(file));
  return { ...source, close: () => rm(folder, { recursive: true, force: true }) };
}

