import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';
import { exportHsds } from '../../src/hsds/export';
import { HSDS_TABLES } from '../../src/hsds/model';
import { readExport } from './exported';
import { importPath } from './packages';

let source: Beacon;
let target: Beacon;
beforeAll(async () => {
  [source, target] = await Promise.all([startBeacon(), startBeacon()]);
});
afterAll(() => Promise.all([source.stop(), target.stop()]));

const SERVICE = `query($id: ID!) {
  service(id: $id) {
    name category status languages requiredDocuments
    taxonomyTerms { code }
    capacity { available maximum unit }
    costOptions { option amount currency }
    locations { name latitude longitude accessibility address { address1 } phones { number } schedules { weekday opensAt closesAt } }
  }
}`;

const exportOf = async (beacon: Beacon) => {
  const dir = await mkdtemp(join(tmpdir(), 'beacon-hsds-b2b-'));
  await exportHsds(beacon.dataSource, dir);
  return { dir, exported: readExport(dir) };
};

describe("one Beacon's export, imported into another", () => {
  it('imports without a problem, lists the same services to coaches, and exports again the same records; again, it changes nothing', async () => {
    const admin = await source.adminToken();
    const agency = await anAgency(source, admin, 'Riverside Recovery Housing');
    const staff = await (await anAgencyStaff(source, admin, agency.id)).token();
    const service = await aService(source, staff, {
      name: 'Riverside sober living',
      category: 'HOUSING',
      taxonomyCodes: ['housing.recovery-residence'],
      languages: ['en', 'es'],
      requiredDocuments: ['Photo ID', 'Proof of income'],
      capacity: { available: 3, maximum: 12, unit: 'beds' },
      costOptions: [{ option: 'Sliding scale', amount: 25, currency: 'USD' }],
      locations: [aLocation({ accessibility: ['wheelchair accessible', 'elevator'] })],
    });
    const { dir, exported: first } = await exportOf(source);

    const report = await importPath(target, dir);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ imported: true, unmapped: [] });
    expect(report.warnings).toEqual([]);
    // HSDS keeps no order for a service's languages: compared as sets.
    const listed = async (beacon: Beacon) => {
      const { service: s } = await beacon.ok(SERVICE, { id: service.id });
      return { ...s, languages: [...s.languages].sort() };
    };
    expect(await listed(target)).toEqual(await listed(source));

    // Every record the first Beacon published, the second publishes the same (it adds its own change records).
    const { exported: second } = await exportOf(target);
    for (const table of HSDS_TABLES) {
      const back = new Map(second.csv.get(table.file)!.rows.map((row) => [row.id, row]));
      for (const row of first.csv.get(table.file)!.rows) expect({ table: table.name, row: back.get(row.id) }).toEqual({ table: table.name, row });
    }

    const again = await importPath(target, dir);
    expect(again).toMatchObject({ imported: true, changeRecords: 0, errors: [] });
  });
});
