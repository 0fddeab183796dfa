import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HSDS_TABLES } from '../../src/hsds/model';
import { createTestDatabase } from '../harness/databases';
import { runBuilt, SEED } from '../harness/process';
import { expectEveryRowValid, readExport, type Exported } from './exported';
import { describeWithReference } from './reference';

const EXPORT = path.resolve('dist/src/hsds/export-cli.js');
const SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'beacon-hsds-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('npm run hsds:export exits 1 and says why when DIR is missing, doubled, an option or a file', async () => {
  for (const [args, why] of [
    [[], 'DIR is missing'],
    [[dir, dir], 'expected one folder'],
    [['--all'], 'expected one folder'],
    [[__filename], 'is not a folder'],
  ] as const) {
    const run = runBuilt(EXPORT, [...args], { JWT_SECRET: SECRET });
    expect({ args, code: await run.exited }).toEqual({ args, code: 1 });
    expect(run.stderr()).toContain(why);
    expect(run.stderr()).toContain('usage: npm run hsds:export -- DIR');
  }
});

it('npm run hsds:export -- DIR writes the package of DATABASE_URL, printing each file and a summary; an unmigrated database it refuses', async () => {
  const database = await createTestDatabase();
  const empty = await createTestDatabase({ migrated: false });
  try {
    const run = runBuilt(EXPORT, [path.join(dir, 'package')], { DATABASE_URL: database.url, JWT_SECRET: SECRET });
    expect(await run.exited).toBe(0);
    // The migrations load Beacon's taxonomy, so even a database without listings publishes it.
    expect(run.stdout()).toMatch(/taxonomy_terms\.csv +\d+ rows/);
    expect(run.stdout()).toMatch(new RegExp(`wrote ${HSDS_TABLES.length} tables \\([\\d,]+ rows\\) and datapackage.json to ${path.join(dir, 'package')} in [\\d.]+ s`));
    expect(readdirSync(path.join(dir, 'package'))).toContain('datapackage.json');

    const refused = runBuilt(EXPORT, [path.join(dir, 'other')], { DATABASE_URL: empty.url, JWT_SECRET: SECRET });
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toContain('pending migrations: run npm run migrate first');
  } finally {
    await database.drop();
    await empty.drop();
  }
}, 60_000);

describe('npm run seed -- --synthetic --scale 0.002 --hsds DIR', () => {
  let run: ReturnType<typeof runBuilt>;
  let code: number | null;
  let exported: Exported;
  const packageDir = mkdtempSync(path.join(tmpdir(), 'beacon-hsds-synthetic-'));
  beforeAll(async () => {
    const database = await createTestDatabase({ migrated: false });
    try {
      run = runBuilt(SEED, ['--synthetic', '--scale', '0.002', '--hsds', packageDir], { DATABASE_URL: database.url, JWT_SECRET: SECRET });
      code = await run.exited;
      exported = readExport(packageDir);
    } finally {
      await database.drop();
    }
  }, 90_000);
  afterAll(() => rmSync(packageDir, { recursive: true, force: true }));

  it('loads the synthetic directory into the empty database and writes it to DIR as an HSDS package', () => {
    expect(code).toBe(0);
    expect(run.stdout()).toContain('synthetic directory: 4 providers, 200 services, 300 locations');
    expect(run.stdout()).toMatch(/HSDS package: \d+ rows in 24 tables written to /);
    expect([exported.csv.get('services.csv')!.rows.length, exported.csv.get('locations.csv')!.rows.length]).toEqual([200, 300]);
  });

  describeWithReference('against the official HSDS 3.1 schemas', () => {
    it('every row of the synthetic package is a valid record of its object', () => {
      expect(expectEveryRowValid(exported)).toBeGreaterThan(1000);
    });
  });
});
