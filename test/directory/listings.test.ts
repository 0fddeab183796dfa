import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aFunder, aFunderOrganization, anAgency, anAgencyStaff, aPeerOrganization, aSupervisor, CREATE_SERVICE, aLocation, aService } from '../harness/builders';
import { SERVICE, UPDATE_CAPACITY, UPDATE_SERVICE, VERIFY_SERVICE } from './builders';
import { badFields, codes, errorOf } from '../harness/errors';

let beacon: Beacon;
let admin: string;
let agencyId: string;
let staff: string;
let otherStaff: string;
let coach: string;
let supervisor: string;
let funder: string;

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  agencyId = agency.id;
  staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  otherStaff = await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id)).token();
  const peers = await aPeerOrganization(beacon, admin);
  coach = await (await aCoach(beacon, admin, peers.id)).token();
  supervisor = await (await aSupervisor(beacon, admin, peers.id)).token();
  funder = await (await aFunder(beacon, admin, (await aFunderOrganization(beacon, admin)).id)).token();
});
afterAll(() => beacon.stop());

const read = async (id: string) => (await beacon.ok(SERVICE, { id }, staff)).service;
const changeRecords = (id: string) =>
  beacon.dataSource.query(
    `SELECT last_action_type AS action, field_name AS field, previous_value AS previous, replacement_value AS next, updated_by_id AS "by"
     FROM metadata WHERE resource_id = $1 ORDER BY last_action_date, field_name`,
    [id],
  );

describe('creating a listing', () => {
  it('agency staff list a service for their own organization, ACTIVE and at version 1', async () => {
    const service = await aService(beacon, staff, {
      taxonomyCodes: ['treatment.detox'],
      languages: ['en', 'es'],
      capacity: { available: 3, maximum: 10, unit: 'beds' },
      eligibility: { minimumAge: 18, populations: ['ADULTS'] },
      acceptedInsurance: ['MEDICAID'],
      costOptions: [{ option: 'Sliding scale', amount: 10, currency: 'USD' }],
      requiredDocuments: ['Photo ID'],
      url: 'https://tidewater.example.org/detox',
      email: 'intake@tidewater.example.org',
    });
    expect(service).toMatchObject({
      status: 'ACTIVE',
      version: 1,
      organizationId: agencyId,
      languages: ['en', 'es'],
      eligibility: { minimumAge: 18, maximumAge: null, populations: ['ADULTS'], description: null },
      acceptedInsurance: ['MEDICAID'],
      costOptions: [{ option: 'Sliding scale', amount: 10, currency: 'USD' }],
      requiredDocuments: ['Photo ID'],
    });
    expect(service.taxonomyTerms).toEqual([{ code: 'treatment.detox', name: 'Detox / withdrawal management' }]);
    expect(service.capacity).toMatchObject({ available: 3, maximum: 10, unit: 'beds', stale: false });
    expect(service.locations[0]).toMatchObject({ timeZone: 'America/New_York', latitude: 40.75, address: { city: 'Harborview' } });
    expect(service.locations[0].schedules).toHaveLength(5);
    expect((await read(service.id)).name).toBe(service.name);
  });

  it("puts a location without a time zone in the server's zone", async () => {
    const service = await aService(beacon, staff, { locations: [aLocation({ timeZone: undefined })] });
    expect(service.locations[0].timeZone).toBe(beacon.config.defaultTimeZone);
  });

  it('lets an admin list a service for any provider, and asks which one', async () => {
    const service = await aService(beacon, admin, { organizationId: agencyId });
    expect(service.organizationId).toBe(agencyId);
    const response = await beacon.gql(CREATE_SERVICE, { input: { name: 'X', description: '', category: 'LEGAL' } }, admin);
    expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.organizationId' }] });
    const peers = await aPeerOrganization(beacon, admin);
    const notProvider = await beacon.gql(CREATE_SERVICE, { input: { organizationId: peers.id, name: 'X', description: '', category: 'LEGAL' } }, admin);
    expect(errorOf(notProvider)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.organizationId', message: 'must be a provider organization' }] });
  });

  it('refuses anonymous callers, coaches, supervisors and funders, and staff naming another organization', async () => {
    const input = { name: 'Refused', description: '', category: 'LEGAL' };
    expect(codes(await beacon.gql(CREATE_SERVICE, { input }))).toEqual(['UNAUTHENTICATED']);
    for (const token of [coach, supervisor, funder]) expect(codes(await beacon.gql(CREATE_SERVICE, { input }, token))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(CREATE_SERVICE, { input: { ...input, organizationId: agencyId } }, otherStaff))).toEqual(['NOT_FOUND']);
    const [{ count }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM service WHERE name = 'Refused'`);
    expect(count).toBe(0);
  });

  it('keeps a change record for every field it set', async () => {
    const service = await aService(beacon, staff, { name: 'Recorded', languages: ['en'] });
    const records = await changeRecords(service.id);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'create', field: 'name', previous: '', next: 'Recorded' }),
        expect.objectContaining({ action: 'create', field: 'languages', previous: [], next: ['en'] }),
      ]),
    );
  });
});

describe('validation', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['latitude out of range', { locations: [aLocation({ latitude: 91 })] }, 'input.locations.0.latitude', 'must be from -90 to 90'],
    ['longitude out of range', { locations: [aLocation({ longitude: -181 })] }, 'input.locations.0.longitude', 'must be from -180 to 180'],
    ['a latitude without a longitude', { locations: [aLocation({ longitude: null })] }, 'input.locations.0.latitude', 'must be given together with longitude'],
    ['an hour that is not HH:MM', { locations: [aLocation({ schedules: [{ weekday: 'MONDAY', opensAt: '9am', closesAt: '17:00' }] })] }, 'input.locations.0.schedules.0.opensAt', 'must be HH:MM from 00:00 to 23:59'],
    ['a closing past 24:00', { locations: [aLocation({ schedules: [{ weekday: 'MONDAY', opensAt: '09:00', closesAt: '24:30' }] })] }, 'input.locations.0.schedules.0.closesAt', 'must be HH:MM from 00:00 to 24:00'],
    ['an opening at 24:00', { locations: [aLocation({ schedules: [{ weekday: 'MONDAY', opensAt: '24:00', closesAt: '08:00' }] })] }, 'input.locations.0.schedules.0.opensAt', 'must be HH:MM from 00:00 to 23:59'],
    ['closing when it opens', { locations: [aLocation({ schedules: [{ weekday: 'MONDAY', opensAt: '09:00', closesAt: '09:00' }] })] }, 'input.locations.0.schedules.0.closesAt', 'must differ from opensAt'],
    ['an unknown time zone', { locations: [aLocation({ timeZone: 'Mars/Olympus_Mons' })] }, 'input.locations.0.timeZone', 'must be an IANA time zone such as America/New_York'],
    ['a language that is not ISO 639', { languages: ['en', 'english'] }, 'input.languages', 'must be an ISO 639 language code such as en or es'],
    ['an unknown taxonomy code', { taxonomyCodes: ['treatment.detox', 'treatment.magic'] }, 'input.taxonomyCodes.1', 'is not a known taxonomy code'],
    ['negative capacity', { capacity: { available: -1, unit: 'beds' } }, 'input.capacity.available', 'must not be negative'],
    ['capacity above the maximum', { capacity: { available: 11, maximum: 10, unit: 'beds' } }, 'input.capacity.available', 'must not be above maximum'],
    ['an age over 120', { eligibility: { maximumAge: 121 } }, 'input.eligibility.maximumAge', 'must be from 0 to 120'],
    ['a negative age', { eligibility: { minimumAge: -1 } }, 'input.eligibility.minimumAge', 'must be from 0 to 120'],
    ['a minimum age above the maximum', { eligibility: { minimumAge: 30, maximumAge: 20 } }, 'input.eligibility.minimumAge', 'must not be above maximumAge'],
    ['a malformed URL', { url: 'not a url' }, 'input.url', 'must be an http or https URL'],
    ['a malformed email', { email: 'intake-at-example' }, 'input.email', 'must be an email address'],
  ];

  it.each(cases)('refuses %s, naming the field, and creates nothing', async (_name, overrides, field, message) => {
    const name = `Invalid ${field}`;
    const response = await beacon.gql(CREATE_SERVICE, { input: { name, description: '', category: 'TREATMENT', locations: [aLocation()], ...overrides } }, staff);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toContainEqual({ field, message });
    const [{ count }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM service WHERE name = $1`, [name]);
    expect(count).toBe(0);
  });

  it('reports every bad field at once', async () => {
    const response = await beacon.gql(CREATE_SERVICE, { input: { name: '', description: '', category: 'TREATMENT', url: 'nope', locations: [aLocation({ latitude: 100 })] } }, staff);
    expect(badFields(response)).toEqual(['input.locations.0.latitude', 'input.name', 'input.url']);
  });
});

describe('updating a listing', () => {
  it('changes only the given fields, replaces a given list, and moves to the next version', async () => {
    const service = await aService(beacon, staff, { languages: ['en'], acceptedInsurance: ['MEDICAID'], url: 'https://a.example.org' });
    const updated = (
      await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, description: 'Now with evening hours.', languages: ['es', 'fr'], url: null } }, staff)
    ).updateService.service;
    expect(updated).toMatchObject({ version: 2, name: service.name, description: 'Now with evening hours.', languages: ['es', 'fr'], acceptedInsurance: ['MEDICAID'], url: null });
    expect(updated.locations).toEqual(service.locations);
  });

  it('replaces the locations with the given list, their phones and hours with them', async () => {
    const service = await aService(beacon, staff);
    const next = aLocation({ name: 'Annex', phones: [], schedules: [{ weekday: 'SATURDAY', opensAt: '10:00', closesAt: '14:00' }] });
    const updated = (await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, locations: [next] } }, staff)).updateService.service;
    expect(updated.locations).toHaveLength(1);
    expect(updated.locations[0]).toMatchObject({ name: 'Annex', phones: [], schedules: [{ weekday: 'SATURDAY', opensAt: '10:00', closesAt: '14:00' }] });
    const [{ count }] = await beacon.dataSource.query(`SELECT count(*)::int AS count FROM location l WHERE l.id = $1`, [service.locations[0].id]);
    expect(count).toBe(0);
  });

  it('keeps a change record of each changed field: previous value, new value, who and when', async () => {
    const service = await aService(beacon, staff, { name: 'Before' });
    const [{ staffId }] = await beacon.dataSource.query(`SELECT actor_id AS "staffId" FROM audit_event WHERE entity_id = $1 AND action = 'createService'`, [service.id]);
    await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, name: 'After', status: 'INACTIVE', description: service.description } }, staff);
    const updates = (await changeRecords(service.id)).filter((r: any) => r.action === 'update');
    expect(updates).toEqual([
      { action: 'update', field: 'name', previous: 'Before', next: 'After', by: staffId },
      { action: 'update', field: 'status', previous: 'ACTIVE', next: 'INACTIVE', by: staffId },
    ]);
  });

  it('changes the status among ACTIVE, INACTIVE, DEFUNCT and TEMPORARILY_CLOSED', async () => {
    const service = await aService(beacon, staff);
    let version = 1;
    for (const status of ['TEMPORARILY_CLOSED', 'INACTIVE', 'DEFUNCT', 'ACTIVE']) {
      const updated = (await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: version, status } }, staff)).updateService.service;
      expect(updated).toMatchObject({ status, version: version + 1 });
      version = updated.version;
    }
  });

  it('answers a stale expectedVersion with CONFLICT and the current version, changing nothing', async () => {
    const service = await aService(beacon, staff, { name: 'Versioned' });
    await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, description: 'First edit.' } }, staff);
    const response = await beacon.gql(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, name: 'Lost update' } }, staff);
    expect(errorOf(response)).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(await read(service.id)).toMatchObject({ name: 'Versioned', description: 'First edit.', version: 2 });
  });

  it('lets exactly one of two concurrent editors of the same version win', async () => {
    const service = await aService(beacon, staff);
    const edits = await Promise.all(
      ['One', 'Two'].map((name) => beacon.gql(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, name } }, staff)),
    );
    expect(edits.filter((e) => !e.errors)).toHaveLength(1);
    expect(edits.filter((e) => errorOf(e)?.code === 'CONFLICT')).toHaveLength(1);
    expect((await read(service.id)).version).toBe(2);
  });

  it('refuses invalid changes naming the field and changes nothing', async () => {
    const service = await aService(beacon, staff, { eligibility: { minimumAge: 18 } });
    const cleared = await beacon.gql(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, name: null } }, staff);
    expect(errorOf(cleared)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.name', message: 'cannot be cleared' }] });
    const ages = await beacon.gql(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, eligibility: { maximumAge: 16 } } }, staff);
    expect(errorOf(ages)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.eligibility.minimumAge', message: 'must not be above maximumAge' }] });
    const unknownCodes = await beacon.gql(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, taxonomyCodes: ['nope'], languages: ['zz'] } }, staff);
    expect(badFields(unknownCodes)).toEqual(['input.languages']);
    const unknownTerm = await beacon.gql(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, taxonomyCodes: ['nope'], name: 'Renamed' } }, staff);
    expect(errorOf(unknownTerm)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.taxonomyCodes.0' }] });
    expect(await read(service.id)).toMatchObject({ version: 1, name: service.name, eligibility: { minimumAge: 18, maximumAge: null } });
  });

  it("answers another agency's listing as not found and refuses roles that never manage listings", async () => {
    const service = await aService(beacon, staff);
    const input = { id: service.id, expectedVersion: 1, name: 'Hijacked' };
    expect(codes(await beacon.gql(UPDATE_SERVICE, { input }, otherStaff))).toEqual(['NOT_FOUND']);
    expect(codes(await beacon.gql(UPDATE_SERVICE, { input }))).toEqual(['UNAUTHENTICATED']);
    for (const token of [coach, supervisor, funder]) expect(codes(await beacon.gql(UPDATE_SERVICE, { input }, token))).toEqual(['FORBIDDEN']);
    expect((await read(service.id)).name).toBe(service.name);
    const byAdmin = await beacon.ok(UPDATE_SERVICE, { input: { ...input, name: 'Fixed by admin' } }, admin);
    expect(byAdmin.updateService.service).toMatchObject({ name: 'Fixed by admin', version: 2 });
  });
});

describe('capacity', () => {
  it('updates beds open in one tap, stamping the time, and keeps the maximum and unit', async () => {
    const service = await aService(beacon, staff, { capacity: { available: 1, maximum: 8, unit: 'beds' } });
    const before = Date.now();
    const updated = (await beacon.ok(UPDATE_CAPACITY, { input: { serviceId: service.id, available: 5 } }, staff)).updateCapacity.service;
    expect(updated.capacity).toMatchObject({ available: 5, maximum: 8, unit: 'beds', stale: false });
    expect(new Date(updated.capacity.updatedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(updated.version).toBe(2);
    expect((await changeRecords(service.id)).filter((r: any) => r.action === 'capacity')).toEqual([
      expect.objectContaining({ field: 'capacity', previous: { available: 1, maximum: 8, unit: 'beds' }, next: { available: 5, maximum: 8, unit: 'beds' } }),
    ]);
  });

  it('reads as stale once older than the freshness window', async () => {
    const service = await aService(beacon, staff, { capacity: { available: 1, unit: 'beds' } });
    const hours = beacon.config.capacityStaleHours;
    await beacon.dataSource.query(`UPDATE service_capacity SET updated = now() - make_interval(hours => $2) + interval '5 minutes' WHERE service_id = $1`, [service.id, hours]);
    expect((await read(service.id)).capacity.stale).toBe(false);
    await beacon.dataSource.query(`UPDATE service_capacity SET updated = now() - make_interval(hours => $2) - interval '5 minutes' WHERE service_id = $1`, [service.id, hours]);
    expect((await read(service.id)).capacity.stale).toBe(true);
  });

  it('refuses a figure above the maximum or below zero, and a first figure without a unit', async () => {
    const service = await aService(beacon, staff, { capacity: { available: 1, maximum: 8, unit: 'beds' } });
    const above = await beacon.gql(UPDATE_CAPACITY, { input: { serviceId: service.id, available: 9 } }, staff);
    expect(errorOf(above)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.available' }] });
    const aboveGiven = await beacon.gql(UPDATE_CAPACITY, { input: { serviceId: service.id, available: 4, maximum: 3 } }, staff);
    expect(errorOf(aboveGiven)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.available', message: 'must not be above maximum' }] });
    const negative = await beacon.gql(UPDATE_CAPACITY, { input: { serviceId: service.id, available: -2 } }, staff);
    expect(errorOf(negative)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.available', message: 'must not be negative' }] });
    const none = await aService(beacon, staff);
    const noUnit = await beacon.gql(UPDATE_CAPACITY, { input: { serviceId: none.id, available: 2 } }, staff);
    expect(errorOf(noUnit)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.unit' }] });
    expect((await read(service.id)).capacity).toMatchObject({ available: 1, maximum: 8 });
    expect((await read(none.id)).capacity).toBeNull();
  });

  it("refuses other agencies and roles that never manage listings", async () => {
    const service = await aService(beacon, staff, { capacity: { available: 1, unit: 'beds' } });
    const input = { serviceId: service.id, available: 0 };
    expect(codes(await beacon.gql(UPDATE_CAPACITY, { input }, otherStaff))).toEqual(['NOT_FOUND']);
    expect(codes(await beacon.gql(UPDATE_CAPACITY, { input }))).toEqual(['UNAUTHENTICATED']);
    for (const token of [coach, supervisor, funder]) expect(codes(await beacon.gql(UPDATE_CAPACITY, { input }, token))).toEqual(['FORBIDDEN']);
    expect((await beacon.ok(UPDATE_CAPACITY, { input }, admin)).updateCapacity.service.capacity.available).toBe(0);
  });
});

describe('verifying a listing', () => {
  it('stamps lastVerifiedAt and moves to the next version', async () => {
    const service = await aService(beacon, staff);
    expect(service.lastVerifiedAt).toBeNull();
    const verified = (await beacon.ok(VERIFY_SERVICE, { id: service.id }, staff)).verifyService.service;
    expect(verified.version).toBe(2);
    expect(Date.now() - new Date(verified.lastVerifiedAt).getTime()).toBeLessThan(60_000);
    expect((await changeRecords(service.id)).some((r: any) => r.action === 'verify' && r.field === 'lastVerifiedAt' && r.previous === null)).toBe(true);
  });

  it('refuses other agencies and roles that never manage listings', async () => {
    const service = await aService(beacon, staff);
    expect(codes(await beacon.gql(VERIFY_SERVICE, { id: service.id }, otherStaff))).toEqual(['NOT_FOUND']);
    expect(codes(await beacon.gql(VERIFY_SERVICE, { id: service.id }))).toEqual(['UNAUTHENTICATED']);
    for (const token of [coach, supervisor, funder]) expect(codes(await beacon.gql(VERIFY_SERVICE, { id: service.id }, token))).toEqual(['FORBIDDEN']);
    expect((await read(service.id)).lastVerifiedAt).toBeNull();
    expect((await beacon.ok(VERIFY_SERVICE, { id: service.id }, admin)).verifyService.service.version).toBe(2);
  });
});

describe('audit', () => {
  it('writes an audit event for every listing mutation', async () => {
    const service = await aService(beacon, staff, { capacity: { available: 1, unit: 'beds' } });
    await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, name: 'Audited' } }, staff);
    await beacon.ok(UPDATE_CAPACITY, { input: { serviceId: service.id, available: 0 } }, staff);
    await beacon.ok(VERIFY_SERVICE, { id: service.id }, staff);
    const rows = await beacon.dataSource.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY at`, [service.id]);
    expect(rows.map((r: any) => r.action)).toEqual(['createService', 'updateService', 'updateCapacity', 'verifyService']);
  });
});
