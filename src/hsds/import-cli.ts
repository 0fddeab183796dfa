import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createLogger } from '../common/log';
import { withDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { importHsds, type ImportReport } from './import';
import { openSource, SourceError } from './import-source';

const USAGE = `usage: npm run hsds:import -- PATH [--skip-invalid] [--prune] [--json]

  PATH            a folder of HSDS 3.1 CSV files (with or without datapackage.json), a .zip of one,
                  or a JSON file (a compiled service or organization, an array, an API page)
  --skip-invalid  import the rows without problems and list the others (default: a problem imports nothing)
  --prune         mark INACTIVE the imported services of the package's organizations that it no longer holds
  --json          print the report as JSON`;

/** The report for people: counts by table, then every problem by file, row and field. */
export function printReport(report: ImportReport, print: (line: string) => void): void {
  for (const [table, c] of Object.entries(report.tables)) print(`${table}: ${c.rows} rows, ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`);
  print(`change records: ${report.changeRecords}${report.pruned ? `, pruned: ${report.pruned} services marked INACTIVE` : ''}`);
  for (const u of report.unmapped) print(`unmapped category: service ${u.serviceId} (${u.name}) has no term the crosswalk maps: imported as ${u.category}`);
  for (const w of report.warnings) print(`warning: ${where(w)}${w.message}`);
  for (const e of report.errors) print(`${report.imported ? 'skipped' : 'error'}: ${where(e)}${e.message}`);
  print(report.imported ? `imported ${report.source} in ${report.seconds} s` : `nothing imported: ${report.errors.length} problem(s) in ${report.source}`);
}

const where = (p: { file: string; row: string | number | null; field: string | null }) =>
  `${p.file}${p.row != null && p.row !== '' ? ` row ${p.row}` : ''}${p.field ? `, ${p.field}` : ''}: `;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'skip-invalid': { type: 'boolean' }, prune: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  const source = await openSource(positionals[0]);
  const report = await withDatabase(config, createLogger(config.logLevel), async (dataSource) => {
    await migrate(dataSource, config.defaultTimeZone);
    return importHsds(dataSource, source, {
      skipInvalid: values['skip-invalid'],
      prune: values.prune,
      defaultTimeZone: config.defaultTimeZone,
      progress: values.json ? undefined : (line) => console.error(line),
    });
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report, (line) => console.log(line));
  process.exit(report.imported ? 0 : 1);
}

main().catch((error) => {
  console.error(error instanceof SourceError ? error.message : error);
  process.exit(1);
});
