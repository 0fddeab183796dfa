import { HsdsModel1764000009000 } from '../../src/db/migrations/1764000009000-HsdsModel';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aSmallPackage, importRows } from './packages';

let beacon: Beacon;
beforeAll(async () => (beacon = await startBeacon()));
afterAll(() => beacon.stop());

const CATALOG = [
  `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
  `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
  `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
  `SELECT p.proname, pg_get_functiondef(p.oid) AS definition FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prokind = 'f' AND p.probin IS NULL ORDER BY 1, 2`,
];

describe('the HSDS model migration', () => {
  it('reverts to the directory it found (with imported data in it), and applies again to the schema it made', async () => {
    const pkg = aSmallPackage();
    await importRows(beacon, pkg.rows);
    const runner = beacon.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const catalog = async () => {
        const parts: unknown[] = [];
        for (const sql of CATALOG) parts.push(await runner.query(sql));
        return parts;
      };
      const migrated = await catalog();
      const migration = new HsdsModel1764000009000();
      await migration.down(runner);
      const [columns] = (await catalog()) as { table_name: string; column_name: string }[][];
      expect(columns.map((c) => c.table_name)).not.toContain('program');
      expect(columns.filter((c) => c.table_name === 'service').map((c) => c.column_name)).not.toContain('alternate_name');
      // The imported service stays, in Beacon's own shape.
      expect(await runner.query(`SELECT name FROM service WHERE id = $1`, [pkg.ids.service])).toEqual([{ name: pkg.rows['services.csv'][0].name }]);
      await migration.up(runner);
      expect(await catalog()).toEqual(migrated);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
