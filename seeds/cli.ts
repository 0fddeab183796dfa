import 'reflect-metadata';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/common/log';
import { withDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { exportHsds } from '../src/hsds/export';
import { isEmpty, seedDemo } from './demo';
import { generateDirectory } from './synthetic/directory';

const USAGE = 'usage: npm run seed -- --demo | --synthetic [--scale S] [--hsds DIR]';

type Seed = { demo: true } | { demo: false; scale: number; hsds?: string };

function parseArgs([what, ...rest]: string[]): Seed | null {
  if (what === '--demo') return rest.length ? null : { demo: true };
  if (what !== '--synthetic') return null;
  const seed: Seed = { demo: false, scale: 1 };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag === '--scale' && Number(value) > 0) seed.scale = Number(value);
    else if (flag === '--hsds' && value) seed.hsds = resolve(value);
    else return null;
  }
  return seed;
}

/**
 * The synthetic directory (seeds/synthetic: 2,000 providers, 100,000 services at 150,000
 * locations, times `scale`) and, given a folder, the same written there as an HSDS package.
 */
async function seedSynthetic(dataSource: DataSource, scale: number, hsds?: string) {
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
  let started = performance.now();
  const sizes = { providers: Math.max(1, Math.round(2_000 * scale)), services: Math.max(1, Math.round(100_000 * scale)), locations: Math.round(150_000 * scale) };
  await generateDirectory(dataSource, sizes);
  console.log(`synthetic directory: ${sizes.providers} providers, ${sizes.services} services, ${Math.max(sizes.locations, sizes.services)} locations in ${seconds(started)} s`);
  if (!hsds) return;
  started = performance.now();
  const { files } = await exportHsds(dataSource, hsds);
  console.log(`HSDS package: ${files.reduce((sum, f) => sum + f.rows, 0)} rows in ${files.length} tables written to ${hsds} in ${seconds(started)} s`);
}

/** npm run seed: the demo county, or the synthetic directory, into an empty database (migrating it first). */
async function main() {
  const seed = parseArgs(process.argv.slice(2));
  if (!seed) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  await withDatabase(config, log, async (dataSource) => {
    await migrate(dataSource);
    if (!(await isEmpty(dataSource))) {
      console.error('The database already has organizations; seed data goes only into an empty one.');
      process.exitCode = 1;
      return;
    }
    if (seed.demo) await seedDemo(dataSource, config, log);
    else await seedSynthetic(dataSource, seed.scale, seed.hsds);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
