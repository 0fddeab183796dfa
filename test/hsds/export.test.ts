import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportHsds, type ExportResult } from '../../src/hsds/export';
import { HSDS_TABLES } from '../../src/hsds/model';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aLocation, anAgency, anAgencyStaff, aService, type TestService } from '../harness/builders';
import { UPDATE_SERVICE } from '../directory/builders';
import { expectEveryRowValid, readExport, type CsvRow, type Exported } from './exported';
import { describeWithReference, exampleCsvDir } from './reference';

/** The shelter's first place and the one it moved to: none of it may appear in a published file. */
const SHELTER = { address1: '17 Quiet Refuge Lane', postalCode: '11977', latitude: 40.7777321, longitude: -73.8888123 };
const MOVED = { address1: '23 Hidden Orchard Court', postalCode: '11978', latitude: 40.6666432, longitude: -73.5555234 };
const SHELTER_SECRETS = ['Quiet Refuge', '11977', '40.7777', '73.8888', 'Hidden Orchard', '11978', '40.6666', '73.5555', 'blue door', 'SAFE-HOUSE-4471'];
const confidentialAt = (place: typeof SHELTER) =>
  aLocation({
    name: 'Safe house',
    confidential: true,
    latitude: place.latitude,
    longitude: place.longitude,
    address: { address1: place.address1, city: 'Harborview', stateProvince: 'NY', postalCode: place.postalCode, country: 'US' },
  });

/** Text that needs RFC 4180 quoting (a comma, quotes, a line break) and UTF-8. */
const PROGRAM_DESCRIPTION = 'Peer-led "Recovery Café" groups,\nweekly — all welcome';

const ids = {
  program: 'a0000000-0000-4000-8000-000000000001',
  contact: 'a0000000-0000-4000-8000-000000000002',
  unit: 'a0000000-0000-4000-8000-000000000003',
  taxonomy: 'a0000000-0000-4000-8000-000000000004',
  term: 'a0000000-0000-4000-8000-000000000005',
  schedule: 'a0000000-0000-4000-8000-000000000006',
};

let beacon: Beacon;
let dir: string;
let result: ExportResult;
let exported: Exported;
let housing: TestService;
let shelter: TestService;
let closed: TestService;

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const rows = (file: string) => exported.csv.get(file)!.rows;
const rowsOf = (file: string, where: (row: CsvRow) => boolean) => rows(file).filter(where);

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin, 'Harbor Housing Collaborative');
  const staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  housing = await aService(beacon, staff, {
    name: 'Harbor Recovery House',
    category: 'HOUSING',
    capacity: { available: 3, maximum: 10, unit: 'beds' },
    requiredDocuments: ['Photo ID', 'Proof of income'],
    locations: [aLocation({ accessibility: ['wheelchair accessible'] })],
  });
  shelter = await aService(beacon, staff, { name: 'Safe Harbor shelter', category: 'HOUSING', locations: [confidentialAt(SHELTER)] });
  // The shelter moves: Beacon's own change record of a service's locations holds them whole.
  shelter = (await beacon.ok(UPDATE_SERVICE, { input: { id: shelter.id, expectedVersion: shelter.version, locations: [confidentialAt(MOVED)] } }, staff)).updateService.service;
  closed = await aService(beacon, staff, { name: 'Harbor Day Program', locations: [aLocation({ name: 'Day centre' })] });
  closed = (await beacon.ok(UPDATE_SERVICE, { input: { id: closed.id, expectedVersion: closed.version, status: 'DEFUNCT' } }, staff)).updateService.service;

  // Records only an HSDS import writes (the GraphQL API has no way to make them), and what an
  // import may carry about a confidential place: one script, the test's own values inlined.
  const [org, service, closedService, dayCentre, shelterLocation] = [housing.organizationId, housing.id, closed.id, closed.locations[0].id, shelter.locations[0].id].map(literal);
  await beacon.dataSource.query(
    `INSERT INTO program (id, organization_id, name, description) VALUES ('${ids.program}', ${org}, 'Recovery Café', ${literal(PROGRAM_DESCRIPTION)});
     UPDATE service SET program_id = '${ids.program}', alternate_name = 'The House', fees_description = 'None' WHERE id = ${service};
     INSERT INTO contact (id, service_id, name, title, email) VALUES ('${ids.contact}', ${service}, 'Dana Reyes', 'Intake lead', 'intake@harbor.example.org');
     INSERT INTO phone (contact_id, number, extension, type) VALUES ('${ids.contact}', '(555) 201-7777', 12, 'voice');
     INSERT INTO funding (id, organization_id, source) VALUES (gen_random_uuid(), ${org}, 'County opioid settlement fund');
     INSERT INTO service_area (id, service_id, name, extent_type) VALUES (gen_random_uuid(), ${service}, 'Harbor County', 'other');
     INSERT INTO organization_identifier (id, organization_id, identifier_scheme, identifier_type, identifier) VALUES (gen_random_uuid(), ${org}, 'US-EIN', 'EIN', '12-3456789');
     INSERT INTO url (id, service_id, label, url) VALUES (gen_random_uuid(), ${service}, 'Intake form', 'https://harbor.example.org/intake');
     INSERT INTO meta_table_description (id, name, language, character_set) VALUES (gen_random_uuid(), 'Harbor County directory', 'en', 'UTF-8');
     INSERT INTO hsds_schedule (id, service_id, freq, interval, bymonthday, opens_at, closes_at, valid_from, valid_to, description)
          VALUES ('${ids.schedule}', ${service}, 'MONTHLY', 1, '1', '10:00', '12:00', '2025-01-01', '2025-12-31', 'House meeting on the first of the month');
     INSERT INTO unit (id, name, scheme, identifier) VALUES ('${ids.unit}', 'Apartment', 'Beacon', 'apt');
     INSERT INTO service_capacity (service_id, available, maximum, unit, unit_id, description) VALUES (${closedService}, 2, 4, 'Apartment', '${ids.unit}', 'Family apartments');
     INSERT INTO taxonomy (id, name, description, uri) VALUES ('${ids.taxonomy}', 'Open Eligibility', 'Human services taxonomy', 'https://openeligibility.org');
     INSERT INTO taxonomy_term (id, taxonomy_id, code, name, description, taxonomy) VALUES ('${ids.term}', '${ids.taxonomy}', '1102', 'Housing', 'Places to live', 'Open Eligibility');
     INSERT INTO attribute (link_id, taxonomy_term_id, link_type, link_entity, value) VALUES (${service}, '${ids.term}', 'service', 'service', 'yes');
     INSERT INTO language (service_id, name, code, note) VALUES (${service}, 'Haitian Creole', 'ht', 'By appointment');
     INSERT INTO cost_option (service_id, option, amount, currency, valid_from, valid_to, amount_description) VALUES (${service}, 'Rent share', 150.5, 'USD', '2025-01-01', '2025-12-31', 'A month');
     INSERT INTO accessibility (id, location_id, description, details) VALUES (gen_random_uuid(), ${dayCentre}, 'Step-free entrance', 'Ramp at the side door');
     INSERT INTO required_document (id, service_id, document, uri) VALUES (gen_random_uuid(), ${closedService}, 'Referral letter', 'https://harbor.example.org/letter');
     UPDATE location SET transportation = 'Bus 12 to the blue door', external_identifier = 'SAFE-HOUSE-4471', external_identifier_type = 'county registry' WHERE id = ${shelterLocation};
     INSERT INTO metadata (resource_id, resource_type, last_action_type, field_name, previous_value, replacement_value, updated_by)
          VALUES (${shelterLocation}, 'location', 'update', 'latitude', to_jsonb(${SHELTER.latitude}), to_jsonb(${MOVED.latitude}), 'county import');`,
  );

  dir = mkdtempSync(join(tmpdir(), 'beacon-hsds-export-'));
  result = await exportHsds(beacon.dataSource, dir);
  exported = readExport(dir);
});
afterAll(async () => {
  await beacon.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('writes a CSV file for every table of the model, each headed by its fields in order, and datapackage.json', () => {
  expect(readdirSync(dir).sort()).toEqual([...HSDS_TABLES.map((t) => t.file), 'datapackage.json'].sort());
  for (const table of HSDS_TABLES) expect({ file: table.file, header: exported.csv.get(table.file)!.header }).toEqual({ file: table.file, header: table.fields.map((f) => f.name) });
  expect(result.files).toEqual(HSDS_TABLES.map((t) => ({ file: t.file, rows: rows(t.file).length })));
});

it('writes RFC 4180 CSV in UTF-8: records end in CRLF, and a value with quotes, a comma and a line break reads back whole', () => {
  const raw = readFileSync(join(dir, 'programs.csv'), 'utf8');
  expect(raw).toBe(`id,organization_id,name,alternate_name,description\r\n${ids.program},${housing.organizationId},Recovery Café,,"Peer-led ""Recovery Café"" groups,\nweekly — all welcome"\r\n`);
  expect(rows('programs.csv')).toEqual([{ id: ids.program, organization_id: housing.organizationId, name: 'Recovery Café', alternate_name: null, description: PROGRAM_DESCRIPTION }]);
});

it('describes the files in datapackage.json: a tabular data package whose resources name each file and its fields', () => {
  const { descriptor } = exported;
  expect(descriptor).toMatchObject({ profile: 'tabular-data-package', name: 'beacon-hsds' });
  expect(new Date(descriptor.created).getTime()).toBeLessThanOrEqual(Date.now());
  expect(descriptor.resources.map((r) => r.path)).toEqual(HSDS_TABLES.map((t) => t.file));
  for (const resource of descriptor.resources) {
    expect(resource).toMatchObject({ profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', schema: { primaryKey: 'id' } });
    expect(resource.schema.fields.map((f) => f.name)).toEqual(exported.csv.get(resource.path)!.header);
    for (const field of resource.schema.fields) expect(['string', 'number', 'integer', 'date', 'datetime', 'time']).toContain(field.type);
  }
  expect(descriptor.resources.find((r) => r.name === 'service')!.schema.fields.find((f) => f.name === 'status')).toEqual({
    name: 'status',
    type: 'string',
    constraints: { required: true, enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
  });
});

it('exports every service whatever its status, and the records only an import makes', () => {
  expect(rowsOf('services.csv', (r) => [housing.id, shelter.id, closed.id].includes(r.id!)).map((r) => [r.name, r.status])).toEqual(
    expect.arrayContaining([['Harbor Recovery House', 'active'], ['Safe Harbor shelter', 'active'], ['Harbor Day Program', 'defunct']]),
  );
  expect(rowsOf('services.csv', (r) => r.id === housing.id)[0]).toMatchObject({ program_id: ids.program, alternate_name: 'The House', organization_id: housing.organizationId });
  expect(rowsOf('phones.csv', (r) => r.contact_id === ids.contact)).toMatchObject([{ number: '(555) 201-7777', extension: '12' }]);
  expect(rowsOf('schedules.csv', (r) => r.id === ids.schedule)).toMatchObject([{ service_id: housing.id, freq: 'MONTHLY', bymonthday: '1', opens_at: '10:00:00', valid_to: '2025-12-31' }]);
  expect(rowsOf('cost_options.csv', (r) => r.service_id === housing.id)).toMatchObject([{ option: 'Rent share', amount: '150.50', valid_from: '2025-01-01' }]);
  expect(rowsOf('attributes.csv', (r) => r.taxonomy_term_id === ids.term)).toMatchObject([{ link_id: housing.id, link_entity: 'service', value: 'yes' }]);
  expect(rowsOf('taxonomies.csv', (r) => r.id === ids.taxonomy)).toHaveLength(1);
  for (const file of ['contacts.csv', 'funding.csv', 'service_areas.csv', 'organization_identifiers.csv', 'url.csv', 'meta_table_descriptions.csv']) {
    expect({ file, rows: rows(file).length }).toEqual({ file, rows: 1 });
  }
});

it("publishes Beacon's own-shaped records as HSDS ones: weekly hours, documents and accessibility typed as text, capacity in a unit", () => {
  const [location] = housing.locations;
  expect(rowsOf('schedules.csv', (r) => r.location_id === location.id).map((r) => [r.freq, r.byday, r.opens_at, r.closes_at])).toEqual(
    expect.arrayContaining(['MO', 'TU', 'WE', 'TH', 'FR'].map((day) => ['WEEKLY', day, '09:00:00', '17:00:00'])),
  );
  expect(rowsOf('required_documents.csv', (r) => r.service_id === housing.id).map((r) => r.document).sort()).toEqual(['Photo ID', 'Proof of income']);
  expect(rowsOf('accessibility.csv', (r) => r.location_id === location.id).map((r) => r.description)).toEqual(['wheelchair accessible']);
  // A typed record stands for the text list it replaces: the day centre's imported one only.
  expect(rowsOf('accessibility.csv', (r) => r.location_id === closed.locations[0].id).map((r) => r.description)).toEqual(['Step-free entrance']);
  const [capacity] = rowsOf('service_capacity.csv', (r) => r.service_id === housing.id);
  expect(capacity).toMatchObject({ available: '3', maximum: '10' });
  expect(rowsOf('units.csv', (r) => r.id === capacity.unit_id)).toMatchObject([{ name: 'beds' }]);
  expect(rowsOf('units.csv', (r) => r.id === ids.unit)).toMatchObject([{ name: 'Apartment', scheme: 'Beacon' }]);
});

it('publishes a confidential location with no address, coordinates, transportation or identifiers, and no change record that places it', () => {
  const [place] = shelter.locations;
  expect(rowsOf('locations.csv', (r) => r.id === place.id)).toEqual([
    expect.objectContaining({ name: 'Safe house', latitude: null, longitude: null, transportation: null, external_identifier: null, external_identifier_type: null }),
  ]);
  expect(rowsOf('addresses.csv', (r) => r.location_id === place.id)).toEqual([]);
  expect(rowsOf('metadata.csv', (r) => r.resource_id === place.id || r.field_name === 'locations')).toEqual([]);
  for (const secret of SHELTER_SECRETS) expect({ secret, found: exported.text.includes(secret) }).toEqual({ secret, found: false });
  // The search above finds what is there: the other locations' addresses and coordinates are published.
  expect(exported.text).toContain('100 Harbor St');
  expect(rowsOf('locations.csv', (r) => r.id === housing.locations[0].id)).toMatchObject([{ latitude: '40.75', longitude: '-73.99' }]);
  // Other change records are published.
  expect(rowsOf('metadata.csv', (r) => r.resource_id === closed.id).map((r) => [r.field_name, r.replacement_value, r.updated_by])).toContainEqual(['status', 'DEFUNCT', expect.any(String)]);
});

it('an export that fails part way leaves no datapackage.json behind, and the next one runs', async () => {
  const broken = mkdtempSync(join(tmpdir(), 'beacon-hsds-broken-'));
  try {
    writeFileSync(join(broken, 'datapackage.json'), '{}'); // an earlier export's
    mkdirSync(join(broken, 'services.csv')); // a folder where a file must go
    await expect(exportHsds(beacon.dataSource, broken)).rejects.toThrow(/EISDIR/);
    expect(existsSync(join(broken, 'datapackage.json'))).toBe(false);
    rmSync(join(broken, 'services.csv'), { recursive: true });
    expect((await exportHsds(beacon.dataSource, broken)).files).toEqual(result.files);
    expect(existsSync(join(broken, 'datapackage.json'))).toBe(true);
  } finally {
    rmSync(broken, { recursive: true, force: true });
  }
});

describeWithReference('against the official HSDS 3.1 files', () => {
  it('writes every file the official tabular examples have, under the same name', () => {
    for (const file of readdirSync(exampleCsvDir())) expect(exported.csv.has(file)).toBe(true);
  });

  it('every row of every file, typed by datapackage.json (an empty cell absent), is a valid record of its object', () => {
    expect(expectEveryRowValid(exported)).toBe(result.files.reduce((sum, f) => sum + f.rows, 0));
  });
});
