import type { QueryRunner } from 'typeorm';
import { DirectorySearchVocabulary1764000001300 } from '../../src/db/migrations/1764000001300-DirectorySearchVocabulary';
import { DirectorySearchPlaces1764000001400 } from '../../src/db/migrations/1764000001400-DirectorySearchPlaces';
import { DirectoryPublicPoints1764000005100 } from '../../src/db/migrations/1764000005100-DirectoryPublicPoints';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';

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

describe('the search places migration', () => {
  it("reverts to the schema it found, and applies again, filling in every service's places", async () => {
    const token = await (await anAgencyStaff(beacon, await beacon.adminToken(), (await anAgency(beacon, await beacon.adminToken())).id)).token();
    const service = await aService(beacon, token, { locations: [aLocation(), aLocation({ latitude: 41.2, longitude: -73.5, confidential: true })] });
    const migration = new DirectorySearchPlaces1764000001400();
    // The public points are generated from the places' columns: they go first and come back last.
    const publicPoints = new DirectoryPublicPoints1764000005100();
    const runner = beacon.dataSource.createQueryRunner();
    const places = `SELECT id, location_cells, location_latitudes, location_longitudes, location_confidential FROM service ORDER BY id`;
    await runner.startTransaction();
    try {
      const migrated = await catalog(runner);
      const filled = await runner.query(places);
      // Two locations a degree apart: a fine and a coarse cell each, and both confidentiality flags.
      expect(filled.map((s: any) => [s.location_cells.length, [...s.location_confidential].sort()])).toContainEqual([4, [false, true]]);
      await publicPoints.down(runner);
      await migration.down(runner);
      const [columns, , functions] = await catalog(runner);
      expect(columns.map((c: any) => c.column_name)).not.toContain('location_cells');
      expect(functions.map((f: any) => f.proname)).not.toContain('earth_cells_near');
      await migration.up(runner);
      await publicPoints.up(runner);
      expect(await catalog(runner)).toEqual(migrated);
      expect(await runner.query(places)).toEqual(filled);
      // A location moved in place (not replaced) moves its service too.
      await runner.query(`UPDATE location SET latitude = 10, longitude = 20 WHERE id IN (SELECT location_id FROM service_at_location WHERE service_id = $1)`, [service.id]);
      const [moved] = await runner.query(`SELECT location_latitudes, location_cells FROM service WHERE id = $1`, [service.id]);
      expect(moved.location_latitudes).toEqual([10, 10]);
      expect(moved.location_cells).toHaveLength(2);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('the public points migration', () => {
  it("reverts to the schema it found, and applies again, giving each confidential location its cell's centre", async () => {
    const token = await (await anAgencyStaff(beacon, await beacon.adminToken(), (await anAgency(beacon, await beacon.adminToken())).id)).token();
    const service = await aService(beacon, token, {
      locations: [aLocation({ latitude: 40.75, longitude: -73.99 }), aLocation({ latitude: 41.23, longitude: -73.51, confidential: true })],
    });
    const migration = new DirectoryPublicPoints1764000005100();
    const runner = beacon.dataSource.createQueryRunner();
    const points = `SELECT location_latitudes, location_longitudes, location_public_latitudes, location_public_longitudes FROM service WHERE id = $1`;
    await runner.startTransaction();
    try {
      const migrated = await catalog(runner);
      const [filled] = await runner.query(points, [service.id]);
      const pairs = (latitudes: number[], longitudes: number[]) => latitudes.map((latitude, i) => [latitude, longitudes[i]]);
      const real = pairs(filled.location_latitudes, filled.location_longitudes);
      const shown = pairs(filled.location_public_latitudes, filled.location_public_longitudes);
      expect(shown).toHaveLength(2);
      // The ordinary location stands where it is; the confidential one at the centre of its 0.1° cell.
      expect(shown).toContainEqual([40.75, -73.99]);
      const hidden = shown.find(([latitude]) => latitude !== 40.75)!;
      expect(hidden[0]).toBeCloseTo(41.25, 10);
      expect(hidden[1]).toBeCloseTo(-73.55, 10);
      expect(real).toContainEqual([41.23, -73.51]);
      await migration.down(runner);
      const [columns, , functions] = await catalog(runner);
      expect(columns.map((c: any) => c.column_name)).not.toContain('location_public_latitudes');
      expect(functions.map((f: any) => f.proname)).not.toContain('cell_centre');
      await migration.up(runner);
      expect(await catalog(runner)).toEqual(migrated);
      expect((await runner.query(points, [service.id]))[0]).toEqual(filled);
      // A confidential location moved in place moves its public point with it, to its new cell's centre.
      await runner.query(`UPDATE location SET latitude = 10.01, longitude = 20.09 WHERE confidential AND id IN (SELECT location_id FROM service_at_location WHERE service_id = $1)`, [service.id]);
      const [moved] = await runner.query(points, [service.id]);
      expect(pairs(moved.location_public_latitudes, moved.location_public_longitudes).map(([la, lo]) => [la.toFixed(6), lo.toFixed(6)])).toContainEqual(['10.050000', '20.050000']);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
