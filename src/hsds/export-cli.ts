import 'reflect-metadata';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../common/log';
import { withDatabase } from '../db/database';
import { exportHsds } from './export';

const USAGE = 'usage: npm run hsds:export -- DIR   (writes the directory to DIR as an HSDS 3.1 tabular data package)';

/** The one argument, DIR: a folder (created when missing), not a file and not an option. */
function parseDir(args: string[]): string {
  if (args.length !== 1 || args[0] === '' || args[0].startsWith('-')) throw new Error(args.length ? `expected one folder, got: ${args.join(' ')}` : 'DIR is missing');
  const dir = resolve(args[0]);
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new Error(`${dir} exists and is not a folder`);
  return dir;
}

/** npm run hsds:export -- DIR: the whole directory from DATABASE_URL (or the embedded database). */
async function main() {
  let dir: string;
  try {
    dir = parseDir(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(1);
  }
  const config = loadConfig();
  const started = performance.now();
  await withDatabase(config, createLogger(config.logLevel), async (dataSource) => {
    if (await dataSource.showMigrations()) {
      console.error('The database has pending migrations: run npm run migrate first.');
      process.exitCode = 1;
      return;
    }
    console.log(`exporting to ${dir}`);
    const { files } = await exportHsds(dataSource, dir, { progress: (file, rows) => console.log(`  ${file.padEnd(30)} ${rows.toLocaleString('en-US').padStart(11)} rows`) });
    const rows = files.reduce((sum, f) => sum + f.rows, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`wrote ${files.length} tables (${rows.toLocaleString('en-US')} rows) and datapackage.json to ${dir} in ${seconds} s`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
