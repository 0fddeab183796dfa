import type { QueryRunner } from 'typeorm';
import { DirectorySearchVocabulary1764000001300 } from '../../src/db/migrations/1764000001300-DirectorySearchVocabulary';
import { startBeacon, type Beacon } from '../harness/beacon';

let beacon: Beacon;
beforeAll(async () => (beacon = await startBeacon()));
afterAll(() => beacon.stop());

/** The public schema's tables, columns, indexes and functions, to compare before and after. */
const CATALOG = [
  `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
  `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
  `SELECT p.proname, pg_get_functiondef(p.oid) AS definition FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public' AND p.prokind = 'f' AND p.probin IS NULL ORDER BY 1, 2`,
];

/** The public schema's columns, indexes and SQL functions, to compare before and after (one query at a time: one connection). */
async function catalog(runner: QueryRunner) {
  const parts: any[][] = [];
  for (const sql of CATALOG) parts.push(await runner.query(sql));
  return parts;
}

describe('the search vocabulary migration', () => {
  it('reverts to the schema it found, and applies again to the schema it made', async () => {
    const migration = new DirectorySearchVocabulary1764000001300();
    const runner = beacon.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const migrated = await catalog(runner);
      await migration.down(runner);
      const [columns, indexes, functions] = await catalog(runner);
      expect(functions.map((f: any) => f.proname)).not.toContain('great_circle_m');
      expect(columns).toContainEqual({ table_name: 'service', column_name: 'search_words', data_type: 'text' });
      expect(columns.map((c: any) => c.table_name)).not.toContain('search_word');
      expect(indexes.map((i: any) => i.indexname)).toContain('service_search_words_trgm_idx');
      await migration.up(runner);
      expect(await catalog(runner)).toEqual(migrated);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
