import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aService } from '../harness/builders';
import { runBuilt } from '../harness/process';
import { search } from '../directory/builders';
import { SOURCE_ID_NAMESPACE } from '../../src/hsds/import-fields';
import { aSmallPackage, importPath, importRows, writePackage } from './packages';
import { describeWithReference, exampleCsvDir, exampleJsonFiles } from './reference';

let beacon: Beacon;
beforeAll(async () => (beacon = await startBeacon()));
afterAll(() => beacon.stop());

const SERVICE = `query($id: ID!) {
  service(id: $id) {
    id name status category version languages requiredDocuments
    organization { id name }
    locations { id name latitude longitude address { address1 city } schedules { weekday opensAt closesAt } }
  }
}`;
const service = async (id: string) => (await beacon.ok(SERVICE, { id })).service;
/** What the import wrote as HSDS change records (the /hsds API shows them too; here we read what was stored). */
const changeRecords = (resourceId: string) =>
  beacon.dataSource.query(`SELECT field_name, last_action_type, previous_value, replacement_value, updated_by FROM metadata WHERE resource_id = $1 ORDER BY field_name`, [resourceId]);

describe('a 211 package', () => {
  it('imports: the service is searchable by coaches, in the category the crosswalk gives, with its hours, address and language', async () => {
    const pkg = aSmallPackage();
    const report = await importRows(beacon, pkg.rows);
    expect(report).toMatchObject({ imported: true, errors: [], unmapped: [] });
    expect(report.tables.service).toEqual({ rows: 1, created: 1, updated: 0, unchanged: 0 });

    const listed = await service(pkg.ids.service);
    expect(listed).toMatchObject({ name: pkg.rows['services.csv'][0].name, status: 'ACTIVE', category: 'HOUSING', languages: ['es'] });
    expect(listed.locations[0]).toMatchObject({ latitude: 40.7512, longitude: -73.9861, address: { address1: '12 Harbor St', city: 'New York' } });
    expect(listed.locations[0].schedules.map((s: any) => s.weekday)).toEqual(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']);
    expect(listed.locations[0].schedules[0]).toMatchObject({ opensAt: '09:00', closesAt: '17:00' });

    const found = await search(beacon, { text: 'rapid rehousing', near: { latitude: 40.75, longitude: -73.99 }, radiusKm: 5 });
    expect(found.edges.map((e) => e.node.id)).toContain(pkg.ids.service);
    // Open on a weekday morning in New York, from the WEEKLY rule.
    const open = await search(beacon, { text: 'rapid rehousing', openAt: '2026-12-02T15:00:00Z' });
    expect(open.edges.map((e) => e.node.id)).toContain(pkg.ids.service);
  });

  it('imported again unchanged, changes nothing: no write, no change record', async () => {
    const pkg = aSmallPackage();
    const dir = await writePackage(pkg.rows);
    await importPath(beacon, dir);
    const before = await service(pkg.ids.service);
    const [{ count: records }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM metadata`);
    const again = await importPath(beacon, dir);
    expect(again.changeRecords).toBe(0);
    for (const counts of Object.values(again.tables)) expect(counts).toMatchObject({ created: 0, updated: 0 });
    expect(await service(pkg.ids.service)).toEqual(before);
    expect((await beacon.dataSource.query(`SELECT count(*)::int AS count FROM metadata`))[0].count).toBe(records);
  });

  it('a changed record is updated field by field, each change recorded and attributed to the import', async () => {
    const pkg = aSmallPackage();
    await importRows(beacon, pkg.rows);
    const { version } = await service(pkg.ids.service);
    pkg.rows['services.csv'][0].name = 'Harbor Housing (renamed)';
    pkg.rows['services.csv'][0].status = 'temporarily closed';
    const report = await importRows(beacon, pkg.rows);
    expect(report.tables.service).toMatchObject({ updated: 1, created: 0 });
    expect(report.changeRecords).toBe(2);
    expect(await service(pkg.ids.service)).toMatchObject({ name: 'Harbor Housing (renamed)', status: 'TEMPORARILY_CLOSED', version: version + 1 });
    const records = (await changeRecords(pkg.ids.service)).filter((r: any) => r.last_action_type === 'update');
    expect(records).toEqual([
      expect.objectContaining({ field_name: 'name', replacement_value: 'Harbor Housing (renamed)', updated_by: expect.stringMatching(/^HSDS import of /) }),
      expect.objectContaining({ field_name: 'status', previous_value: 'active', replacement_value: 'temporarily closed' }),
    ]);
  });

  it('a source id that is not a UUID gives the same Beacon id every time, so a second import updates', async () => {
    const pkg = aSmallPackage();
    const services = pkg.rows['services.csv'];
    const source = `211-${randomUUID().slice(0, 6)}`;
    services[0].id = source;
    pkg.rows['service_at_location.csv'][0].service_id = source;
    pkg.rows['attributes.csv'][0].link_id = source;
    pkg.rows['phones.csv'][0].service_id = source;
    pkg.rows['languages.csv'][0].service_id = source;
    const id = uuidv5(source, SOURCE_ID_NAMESPACE);
    await importRows(beacon, pkg.rows);
    services[0].description = 'Now with a second building.';
    const second = await importRows(beacon, pkg.rows);
    expect(second.tables.service).toMatchObject({ created: 0, updated: 1 });
    expect(await service(id)).toMatchObject({ id, locations: [expect.objectContaining({ address: expect.objectContaining({ address1: '12 Harbor St' }) })] });
    const [{ count }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM service WHERE name = $1`, [services[0].name]);
    expect(count).toBe(1);
  });

  it("a schedule rule on a service gives each of its locations those weekly hours; a column HSDS lacks is a warning, left out", async () => {
    const pkg = aSmallPackage();
    pkg.rows['schedules.csv'][0] = { id: pkg.ids.schedule, service_id: pkg.ids.service, freq: 'WEEKLY', byday: 'SA,SU', opens_at: '10:00', closes_at: '14:00', bed_count: '12' };
    const report = await importRows(beacon, pkg.rows);
    expect(report).toMatchObject({ imported: true, errors: [] });
    expect(report.warnings).toContainEqual({ file: 'schedules.csv', row: null, field: 'bed_count', message: 'is not a field of an HSDS schedule: left out' });
    expect((await service(pkg.ids.service)).locations[0].schedules).toEqual([
      { weekday: 'SATURDAY', opensAt: '10:00', closesAt: '14:00' },
      { weekday: 'SUNDAY', opensAt: '10:00', closesAt: '14:00' },
    ]);
  });

  it('a service whose terms the crosswalk does not map is reported, and imported under the fallback category', async () => {
    const pkg = aSmallPackage();
    pkg.rows['taxonomy_terms.csv'][0] = { ...pkg.rows['taxonomy_terms.csv'][0], code: 'ZZ-9999', name: 'Something unheard of', taxonomy: 'Local' };
    const report = await importRows(beacon, pkg.rows);
    expect(report.unmapped).toEqual([{ serviceId: pkg.ids.service, name: pkg.rows['services.csv'][0].name, category: 'BASIC_NEEDS' }]);
    expect((await service(pkg.ids.service)).category).toBe('BASIC_NEEDS');
  });

  it('a service whose only term is Open Eligibility "Addiction & Recovery" is TREATMENT', async () => {
    const pkg = aSmallPackage();
    pkg.rows['taxonomies.csv'][0].name = 'Open Eligibility';
    pkg.rows['taxonomy_terms.csv'][0] = { ...pkg.rows['taxonomy_terms.csv'][0], code: '1102', name: 'Addiction & Recovery', taxonomy: 'Open Eligibility' };
    const report = await importRows(beacon, pkg.rows);
    expect(report.unmapped).toEqual([]);
    expect((await service(pkg.ids.service)).category).toBe('TREATMENT');
  });
});

describe('a package with broken rows', () => {
  /** Four rows wrong in four ways, beside good ones. */
  function broken() {
    const pkg = aSmallPackage();
    const good = pkg.rows['services.csv'][0];
    const orphan = { ...good, id: randomUUID(), name: 'Orphan service', organization_id: randomUUID() };
    const typo = { ...good, id: 'ac148810-d857-441c-9679-408f346de14', name: 'Typo service' };
    pkg.rows['services.csv'].push(orphan, typo);
    pkg.rows['locations.csv'].push({ ...pkg.rows['locations.csv'][0], id: randomUUID(), name: 'Far north', latitude: 200 });
    pkg.rows['schedules.csv'].push({ ...pkg.rows['schedules.csv'][0], id: randomUUID(), opens_at: '25:00' });
    return { pkg, orphan };
  }

  it('imports nothing and names each row, file and field', async () => {
    const { pkg } = broken();
    const report = await importRows(beacon, pkg.rows);
    expect(report.imported).toBe(false);
    expect(report.errors.map((e) => [e.file, e.row, e.field])).toEqual(
      expect.arrayContaining([
        ['services.csv', 4, 'id'],
        ['locations.csv', 3, 'latitude'],
        ['schedules.csv', 3, 'opens_at'],
        ['services.csv', 3, 'organization_id'],
      ]),
    );
    expect(report.errors).toHaveLength(4);
    expect(report.errors.find((e) => e.field === 'organization_id')!.message).toMatch(/neither in the package nor in Beacon/);
    expect(report.errors.find((e) => e.field === 'opens_at')!.message).toMatch(/time of day/);
    expect(report.errors.find((e) => e.field === 'latitude')!.message).toMatch(/at most 180/);
    // Nothing at all was written: not even the good service.
    expect(await beacon.gql(SERVICE, { id: pkg.ids.service })).toMatchObject({ data: { service: null } });
    const [{ count }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM organization WHERE id = $1`, [pkg.ids.organization]);
    expect(count).toBe(0);
  });

  it('with skip-invalid, imports the good rows and lists the skipped', async () => {
    const { pkg, orphan } = broken();
    const report = await importRows(beacon, pkg.rows, { skipInvalid: true });
    expect(report).toMatchObject({ imported: true, skipped: 4 });
    expect(report.tables.service).toMatchObject({ rows: 1, created: 1 });
    expect((await service(pkg.ids.service)).locations).toHaveLength(1);
    expect(await beacon.gql(SERVICE, { id: orphan.id })).toMatchObject({ data: { service: null } });
  });

  it('the command line prints the report and exits 1, having imported nothing', async () => {
    const { pkg } = broken();
    const run = runBuilt('dist/src/hsds/import-cli.js', [await writePackage(pkg.rows)], { DATABASE_URL: beacon.config.databaseUrl! });
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toMatch(/error: services\.csv row 3, organization_id: names organization .* which is neither in the package nor in Beacon/);
    expect(run.stdout()).toMatch(/error: schedules\.csv row 3, opens_at: must be a time of day/);
    expect(run.stdout()).toMatch(/nothing imported: 4 problem\(s\)/);
  });

  it('a row pointing at a refused row says so, and skip-invalid leaves both out', async () => {
    const pkg = aSmallPackage();
    pkg.rows['services.csv'][0].status = 'open';
    const report = await importRows(beacon, pkg.rows, { skipInvalid: true });
    expect(report.errors.map((e) => [e.file, e.field, e.message])).toEqual(
      expect.arrayContaining([
        ['services.csv', 'status', expect.stringMatching(/must be one of "active"/)],
        ['service_at_location.csv', 'service_id', expect.stringMatching(/whose own row is refused/)],
      ]),
    );
    expect(await beacon.gql(SERVICE, { id: pkg.ids.service })).toMatchObject({ data: { service: null } });
  });
});

describe('prune', () => {
  it('marks INACTIVE the imported services the package no longer holds, and never a service typed in Beacon', async () => {
    const admin = await beacon.adminToken();
    const agency = await anAgency(beacon, admin);
    const staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
    const typed = await aService(beacon, staff, { name: 'Typed in Beacon' });
    const pkg = aSmallPackage();
    pkg.rows['organizations.csv'][0].id = agency.id;
    for (const file of ['services.csv', 'locations.csv', 'programs.csv']) pkg.rows[file][0].organization_id = agency.id;
    const second = { ...pkg.rows['services.csv'][0], id: randomUUID(), name: 'Second imported service' };
    pkg.rows['services.csv'].push(second);
    await importRows(beacon, pkg.rows);

    pkg.rows['services.csv'].pop();
    const withoutPrune = await importRows(beacon, pkg.rows);
    expect(withoutPrune.pruned).toBe(0);
    expect((await service(second.id)).status).toBe('ACTIVE');

    const pruned = await importRows(beacon, pkg.rows, { prune: true });
    expect(pruned.pruned).toBe(1);
    expect((await service(second.id)).status).toBe('INACTIVE');
    expect((await service(pkg.ids.service)).status).toBe('ACTIVE');
    expect((await service(typed.id)).status).toBe('ACTIVE');
    expect(await changeRecords(second.id)).toContainEqual(expect.objectContaining({ field_name: 'status', previous_value: 'active', replacement_value: 'inactive' }));
  });
});

describeWithReference('the official examples', () => {
  it('the CSV package imports, and again changes nothing', async () => {
    const first = await importPath(beacon, exampleCsvDir());
    expect(first).toMatchObject({ imported: true, errors: [] });
    // Every file of the package is a table Beacon keeps.
    expect(Object.keys(first.tables)).toHaveLength(readdirSync(exampleCsvDir()).length);
    expect(Object.values(first.tables).every((t) => t.created === t.rows)).toBe(true);
    const again = await importPath(beacon, exampleCsvDir());
    expect(again.changeRecords).toBe(0);
    expect(Object.values(again.tables).every((t) => t.updated === 0 && t.created === 0)).toBe(true);
  });

  it.each(exampleJsonFiles().map((f) => [f.split('/').pop()!, f]))('%s imports', async (_name, file) => {
    const report = await importPath(beacon, join(file));
    expect(report.errors).toEqual([]);
    expect(report.imported).toBe(true);
  });
});
