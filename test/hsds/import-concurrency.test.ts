import { randomUUID } from 'node:crypto';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aSmallPackage, importRows } from './packages';

let beacon: Beacon;
beforeAll(async () => (beacon = await startBeacon()));
afterAll(() => beacon.stop());

describe('two imports at once', () => {
  it('run one after the other: the second sees what the first wrote, so a clash is reported, not a crash', async () => {
    const pkg = aSmallPackage();
    await importRows(beacon, pkg.rows);
    // Two 211s each give the same service a capacity of their own (Beacon keeps one per service).
    const capacity = () => ({
      ...pkg.rows,
      'units.csv': [{ id: randomUUID(), name: 'beds' }],
      'service_capacity.csv': [{ id: randomUUID(), service_id: pkg.ids.service, unit_id: null as string | null, available: 3, updated: '2026-11-28T10:00:00Z' }],
    });
    const first = capacity();
    const second = capacity();
    first['service_capacity.csv'][0].unit_id = String(first['units.csv'][0].id);
    second['service_capacity.csv'][0].unit_id = String(second['units.csv'][0].id);
    const reports = await Promise.all([importRows(beacon, first), importRows(beacon, second)]);
    expect(reports.map((r) => r.imported).sort()).toEqual([false, true]);
    const refused = reports.find((r) => !r.imported)!;
    expect(refused.errors).toEqual([expect.objectContaining({ file: 'service_capacity.csv', row: 2, message: expect.stringMatching(/Beacon keeps one capacity per service/) })]);
    const [{ count }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM service_capacity WHERE service_id = $1`, [pkg.ids.service]);
    expect(count).toBe(1);
  });
});
