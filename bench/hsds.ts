import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { migrate } from '../src/db/migrate';
import { captureStatements } from '../src/db/statement-counter';
import { exportHsds } from '../src/hsds/export';
import { importHsds, type ImportReport, type TableCounts } from '../src/hsds/import';
import { openSource } from '../src/hsds/import-source';
import { HSDS_TABLES } from '../src/hsds/model';
import { CONCURRENCY, startBeaconProcess, withInProcessBeacon, type BenchServer } from './beacon';
import { fixed, loadAverage, loadFigures, rounded } from './figures';
import { runLoad, type LoadResult } from './load';
import { SEARCH_WORDS } from './operations';

/**
 * The HSDS figures on the synthetic data set. First GET /hsds/services under the closed-loop
 * load of the GraphQL operations, anonymous as every HSDS reader is, against a Beacon process
 * over the synthetic database: the plain page, a search, and full records. Then the directory
 * exported as an HSDS 3.1 package (exportHsds, into EXPORT_DIR), that package imported into an
 * empty database of its own on the same server as `npm run hsds:import` would (a problem
 * anywhere imports nothing), then imported again: the second import finds every record as it
 * is, so it must write no change record. A refused import or a re-import that changed anything
 * is said loudly, the refusal's problems grouped by file, field and message.
 */

const EXPORT_DIR = path.resolve('.data', 'bench', 'hsds');
/** The import's database, dropped afterwards (and before, when an interrupted run left it). */
const SCRATCH_DATABASE = 'beacon_bench_hsds_import';
const TARGET_IMPORT_SECONDS = 120;
const TARGET_P95_MS = 100;
/** Pages the load goes round: no one page, nor its plan, answers every request. */
const PAGES = 20;

interface Request {
  name: string;
  /** The i-th request's path and query. */
  path: (i: number) => string;
  /** The target line is this request's. */
  target?: boolean;
}

const page = (i: number) => 1 + (i % PAGES);

const REQUESTS: Request[] = [
  { name: 'GET /hsds/services?per_page=50 (pages 1 to 20)', path: (i) => `/hsds/services?per_page=50&page=${page(i)}`, target: true },
  { name: 'GET /hsds/services?search=<word>&per_page=50 (10 words)', path: (i) => `/hsds/services?search=${encodeURIComponent(SEARCH_WORDS[i % SEARCH_WORDS.length])}&per_page=50` },
  { name: 'GET /hsds/services?full=true&per_page=10 (pages 1 to 20)', path: (i) => `/hsds/services?full=true&per_page=10&page=${page(i)}` },
];

/** An import's problems of one file, field and message (ids in the message left out). */
interface Problems {
  file: string;
  field: string | null;
  message: string;
  rows: number;
  /** The first such row, to look at, and its message whole. */
  row: string | number | null;
  first: string;
}

interface Imported {
  /** False when problems stopped it: nothing was written. */
  imported: boolean;
  seconds: number;
  tables: Record<string, TableCounts>;
  /** Rows imported, all tables. */
  rows: number;
  changeRecords: number;
  problems: Problems[];
  loadAverage: number[];
}

interface Measured {
  name: string;
  load: LoadResult;
  statements: number;
  /** What the first request answered: its records, its total_items, its size in kB. */
  size: number;
  total: number;
  kilobytes: number;
  target: boolean;
}

export interface HsdsFigures {
  /** Rows by HSDS table. */
  export: { seconds: number; rows: number; tables: Record<string, number>; dir: string };
  /** The package imported: the export's folder, or BENCH_HSDS_PACKAGE. */
  imported: string;
  import: Imported;
  /** Null when the first import was refused. */
  reimport: (Imported & { created: number; updated: number }) | null;
  api: Measured[];
  apiLoadAverage: number[];
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function withDataSource<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await createDataSource(url, { dbPoolSize: 2, dbConnectTimeoutMs: 10_000, statementTimeoutMs: 0 }).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The synthetic directory as an HSDS package in EXPORT_DIR (what an earlier run left there replaced). */
async function exportPackage(databaseUrl: string): Promise<HsdsFigures['export']> {
  console.log(`exporting the directory as HSDS to ${EXPORT_DIR}`);
  await rm(EXPORT_DIR, { recursive: true, force: true });
  const started = performance.now();
  const { files } = await withDataSource(databaseUrl, (dataSource) =>
    exportHsds(dataSource, EXPORT_DIR, { progress: (file, rows) => console.log(`  [hsds export] ${file.padEnd(30)} ${n(rows).padStart(11)} rows`) }),
  );
  const tables = Object.fromEntries(files.map((f) => [HSDS_TABLES.find((t) => t.file === f.file)!.name, f.rows]));
  const figures = { seconds: seconds(started), rows: sum(files.map((f) => f.rows)), tables, dir: EXPORT_DIR };
  console.log(`  [hsds export] ${n(figures.rows)} rows in ${files.length} files in ${figures.seconds.toFixed(1)} s`);
  return figures;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The problems of a report, one group per file, field and message. */
function grouped(report: ImportReport): Problems[] {
  const groups = new Map<string, Problems>();
  for (const e of report.errors) {
    const message = e.message.replace(UUIDS, '<id>');
    const key = `${e.file}\u0000${e.field}\u0000${message}`;
    const group = groups.get(key) ?? { file: e.file, field: e.field, message, rows: 0, row: e.row, first: e.message };
    group.rows += 1;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.rows - a.rows);
}

const problemLine = (p: Problems) => `${n(p.rows)} × ${p.file} ${p.field ?? ''}: ${p.message} (first: row ${p.row ?? '-'}${p.first === p.message ? '' : `, ${p.first}`})`;

/** One import of the package, its progress printed as it goes, a refusal said loudly. */
async function importPackage(dataSource: DataSource, dir: string, label: string): Promise<Imported> {
  const loadBefore = loadAverage();
  const report = await importHsds(dataSource, await openSource(dir), {
    defaultTimeZone: loadConfig().defaultTimeZone,
    progress: (line) => console.log(`  [${label}] ${line}`),
  });
  for (const w of report.warnings.slice(0, 5)) console.log(`  [${label}] warning: ${w.file} ${w.field ?? ''} ${w.message}`);
  const problems = grouped(report);
  if (!report.imported) {
    console.error(`\n!!! THE ${label.toUpperCase()} REFUSED THE PACKAGE: ${n(report.errors.length)} PROBLEMS, NOTHING IMPORTED`);
    for (const p of problems) console.error(`!!!   ${problemLine(p)}`);
  }
  return {
    imported: report.imported,
    seconds: report.seconds,
    tables: report.tables,
    rows: sum(Object.values(report.tables).map((t) => t.rows)),
    changeRecords: report.changeRecords,
    problems,
    loadAverage: loadBefore,
  };
}

/** The package into an empty, migrated database, then again into the same one; the database dropped afterwards. */
async function importTwice(server: BenchServer, dir: string): Promise<Pick<HsdsFigures, 'import' | 'reimport'>> {
  await server.drop(SCRATCH_DATABASE);
  const url = await server.database(SCRATCH_DATABASE);
  try {
    return await withDataSource(url, async (dataSource) => {
      await migrate(dataSource);
      console.log(`importing ${dir} into ${SCRATCH_DATABASE}, empty and migrated`);
      const first = await importPackage(dataSource, dir, 'hsds import');
      if (!first.imported) return { import: first, reimport: null };
      console.log('importing the same package again');
      const again = await importPackage(dataSource, dir, 'hsds re-import');
      const created = sum(Object.values(again.tables).map((t) => t.created));
      const updated = sum(Object.values(again.tables).map((t) => t.updated));
      if (!again.imported || again.changeRecords !== 0 || created !== 0 || updated !== 0) {
        console.error(`\n!!! THE RE-IMPORT OF AN UNCHANGED PACKAGE CHANGED THE DIRECTORY: ${again.changeRecords} change records, ${created} rows created, ${updated} updated`);
        for (const [table, c] of Object.entries(again.tables)) if (c.created || c.updated) console.error(`!!!   ${table}: ${c.created} created, ${c.updated} updated`);
      }
      return { import: first, reimport: { ...again, created, updated } };
    });
  } finally {
    await server.drop(SCRATCH_DATABASE);
  }
}

const get = async (origin: string, path: string) => {
  const response = await fetch(`${origin}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
};

/** On a Beacon in this process: each request's SQL statements (its second request, the first having warmed the caches) and what it answers. */
function observeRequests(databaseUrl: string) {
  return withInProcessBeacon(databaseUrl, async (_gql, dataSource, origin) => {
    const observed = new Map<string, Omit<Measured, 'name' | 'load' | 'target'>>();
    for (const request of REQUESTS) {
      await get(origin, request.path(1));
      let text = '';
      const statements = await captureStatements(dataSource, async () => (text = await (await get(origin, request.path(1))).text()));
      const body = JSON.parse(text) as { size: number; total_items: number };
      observed.set(request.name, { statements: statements.length, size: body.size, total: body.total_items, kilobytes: Buffer.byteLength(text) / 1024 });
    }
    return observed;
  });
}

/** Each request under CONCURRENCY clients for `seconds` on a Beacon process over the synthetic database. */
async function loadApi(databaseUrl: string, loadSeconds: number): Promise<Pick<HsdsFigures, 'api' | 'apiLoadAverage'>> {
  console.log('capturing the SQL of each HSDS request');
  const observed = await observeRequests(databaseUrl);
  const beacon = await startBeaconProcess(databaseUrl);
  try {
    const origin = new URL(beacon.url).origin;
    const api: Measured[] = [];
    const loadBefore = loadAverage();
    for (const request of REQUESTS) {
      // The body read whole and parsed, as a client would (and as the GraphQL load does).
      const send = async (i: number) => (await (await get(origin, request.path(i))).json(), true);
      console.log(`measuring ${request.name}`);
      await runLoad(send, CONCURRENCY, Math.min(3, loadSeconds));
      const load = await runLoad(send, CONCURRENCY, loadSeconds);
      api.push({ name: request.name, load, target: request.target === true, ...observed.get(request.name)! });
    }
    return { api, apiLoadAverage: loadBefore };
  } finally {
    await beacon.stop();
  }
}

/**
 * The API under load on the synthetic database, then its export imported twice into a database
 * of its own; `packageDir`, when given, is imported instead of the export (which is still timed).
 */
export async function benchHsds(server: BenchServer, databaseUrl: string, loadSeconds: number, packageDir?: string): Promise<HsdsFigures> {
  const api = await loadApi(databaseUrl, loadSeconds);
  const exported = await exportPackage(databaseUrl);
  const imported = packageDir ? path.resolve(packageDir) : EXPORT_DIR;
  return { export: exported, imported, ...(await importTwice(server, imported)), ...api };
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');

export function printHsds(f: HsdsFigures, loadSeconds: number) {
  const { import: first, reimport: again } = f;
  const own = f.imported === f.export.dir;
  console.log(`\nHSDS 3.1: the synthetic directory exported as a package, imported into an empty database, imported again; GET /hsds/services under load`);
  console.log(`export: ${n(f.export.rows)} rows to ${f.export.dir} in ${f.export.seconds.toFixed(1)} s`);
  if (!own) console.log(`imported instead (BENCH_HSDS_PACKAGE): ${f.imported}`);
  if (first.imported) {
    console.log('| table | rows imported | re-import created / updated |');
    console.log('|---|---|---|');
    for (const [table, c] of Object.entries(first.tables)) console.log(`| ${table} | ${n(c.rows)} | ${again?.tables[table] ? `${again.tables[table].created} / ${again.tables[table].updated}` : '-'} |`);
    console.log(`| all | ${n(first.rows)} | ${again ? `${again.created} / ${again.updated}` : '-'} |`);
    console.log(
      `import: ${first.seconds.toFixed(1)} s, ${n(first.rows / first.seconds)} rows/s, ${n(first.changeRecords)} change records (load average ${first.loadAverage.join(' ')})` +
        (again ? `; re-import: ${again.seconds.toFixed(1)} s, ${n(again.changeRecords)} change records (load average ${again.loadAverage.join(' ')})` : ''),
    );
  } else {
    console.log(`import REFUSED after ${first.seconds.toFixed(1)} s, nothing imported (load average ${first.loadAverage.join(' ')}); its problems:`);
    for (const p of first.problems) console.log(`  ${problemLine(p)}`);
  }
  const unchanged = again !== null && again.imported && again.changeRecords === 0 && again.created === 0 && again.updated === 0;
  console.log(`target ${own ? "Beacon's own export imports" : 'the package imports'} with no problem: ${met(first.imported)} (${n(sum(first.problems.map((p) => p.rows)))} problems)`);
  console.log(`target import under ${TARGET_IMPORT_SECONDS} s: ${met(first.imported && first.seconds < TARGET_IMPORT_SECONDS)} (${first.imported ? `${first.seconds.toFixed(1)} s` : 'refused'})`);
  console.log(`target re-import of the same package writes 0 change records: ${met(unchanged)} (${again ? n(again.changeRecords) : 'not run'})`);
  console.log(`\nGET /hsds/services, anonymous; ${CONCURRENCY} concurrent clients, ${loadSeconds} s each (load average ${f.apiLoadAverage.join(' ')})`);
  console.log('| request | records | total_items | kB | requests | errors | req/s | p50 ms | p95 ms | p99 ms | statements |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const m of f.api) {
    const r = m.load;
    console.log(
      `| ${m.name} | ${m.size} | ${n(m.total)} | ${fixed(m.kilobytes)} | ${r.requests} | ${r.errors} | ${fixed(r.throughput)} | ${fixed(r.p50)} | ${fixed(r.p95)} | ${fixed(r.p99)} | ${m.statements} |`,
    );
  }
  const plain = f.api.find((m) => m.target)!;
  console.log(`target p95 under ${TARGET_P95_MS} ms (${plain.name}): ${met(plain.load.p95 < TARGET_P95_MS)} (${fixed(plain.load.p95)} ms)`);
}

const importJson = (i: Imported) => ({ ...i, seconds: rounded(i.seconds), rowsPerSecond: i.imported ? Math.round(i.rows / i.seconds) : null });

/** BENCH_JSON's `hsds`. */
export const hsdsJson = (f: HsdsFigures) => ({
  export: { ...f.export, seconds: rounded(f.export.seconds) },
  imported: f.imported,
  import: importJson(f.import),
  reimport: f.reimport && importJson(f.reimport),
  api: f.api.map((m) => ({ name: m.name, ...loadFigures(m.load), statements: m.statements, records: m.size, totalItems: m.total, kilobytes: rounded(m.kilobytes) })),
  apiLoadAverage: f.apiLoadAverage,
});
