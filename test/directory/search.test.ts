import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';
import { everyDay, names, search } from './builders';
import { codes, errorOf } from '../harness/errors';

let beacon: Beacon;
let admin: string;
let staff: string;
let org: string;

/** Places around Harbor County: the office, 3 km north, 12 km north, 60 km north (1 degree of latitude is about 111 km). */
const HQ = { latitude: 40.75, longitude: -73.99 };
const at = (kmNorth: number, extra: Record<string, unknown> = {}) => aLocation({ latitude: HQ.latitude + kmNorth / 111.2, longitude: HQ.longitude, ...extra });

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin, 'Tidewater Treatment Center');
  org = agency.id;
  staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
});
afterAll(() => beacon.stop());

/** Every search in a test is narrowed to one fresh organization, so tests do not see each other's listings. */
async function freshAgency() {
  const agency = await anAgency(beacon, admin);
  const token = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  return { id: agency.id, add: (overrides: Record<string, unknown>) => aService(beacon, token, overrides), token };
}

describe('text', () => {
  it('finds a service by a stemmed word of its name, taxonomy or description', async () => {
    const a = await freshAgency();
    await a.add({ name: 'Harbor Withdrawal Clinic', taxonomyCodes: ['treatment.detox'] });
    await a.add({ name: 'Quayside Groups', description: 'Counselors running weekly groups.' });
    await a.add({ name: 'Unrelated Pantry', category: 'BASIC_NEEDS' });
    expect(names(await search(beacon, { text: 'detox', organizationId: a.id }))).toEqual(['Harbor Withdrawal Clinic']);
    expect(names(await search(beacon, { text: 'counselor', organizationId: a.id }))).toEqual(['Quayside Groups']);
  });

  it('still finds it with a typo', async () => {
    const a = await freshAgency();
    await a.add({ name: 'Harbor Detox Center' });
    await a.add({ name: 'Lighthouse Recovery Housing', category: 'HOUSING' });
    expect(names(await search(beacon, { text: 'detx', organizationId: a.id }))).toEqual(['Harbor Detox Center']);
    expect(names(await search(beacon, { text: 'housng', organizationId: a.id }))).toEqual(['Lighthouse Recovery Housing']);
    expect(names(await search(beacon, { text: 'recovry housng', organizationId: a.id }))).toEqual(['Lighthouse Recovery Housing']);
    expect(names(await search(beacon, { text: 'zzqx', organizationId: a.id }))).toEqual([]);
  });

  it('ranks a match in the name above one in the taxonomy, the description and the organization', async () => {
    const agency = await anAgency(beacon, admin, 'Sobriety Works');
    const token = await (await anAgencyStaff(beacon, admin, agency.id)).token();
    await aService(beacon, token, { name: 'Morning Groups', description: 'A sober living referral desk.' });
    await aService(beacon, token, { name: 'Evening Groups', taxonomyCodes: ['housing.recovery-residence'] });
    await aService(beacon, token, { name: 'Sober Living House' });
    await aService(beacon, token, { name: 'Drop-in Hours' });
    const result = await search(beacon, { text: 'sober living', organizationId: agency.id });
    expect(names(result)).toEqual(['Sober Living House', 'Evening Groups', 'Morning Groups']);
  });

  it("finds a service by its organization's name, and by the new name once the organization is renamed", async () => {
    const agency = await anAgency(beacon, admin, 'Quillfeather Outreach');
    const token = await (await anAgencyStaff(beacon, admin, agency.id)).token();
    const service = await aService(beacon, token, { name: 'Drop-in Hours' });
    expect((await search(beacon, { text: 'quillfeather' })).edges.map((e) => e.node.id)).toEqual([service.id]);
    await beacon.ok(`mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }`, { input: { id: agency.id, name: 'Marrowind Outreach' } }, admin);
    expect((await search(beacon, { text: 'marrowind' })).edges.map((e) => e.node.id)).toEqual([service.id]);
    expect((await search(beacon, { text: 'quillfeather' })).edges).toEqual([]);
  });

  it('ignores control characters in the text (NUL aside: text with one is bad input, test/platform/input-values.test.ts)', async () => {
    const a = await freshAgency();
    await a.add({ name: 'Harbor Detox Center' });
    expect(names(await search(beacon, { text: 'de\u0001tox\u0007', organizationId: a.id }))).toEqual(['Harbor Detox Center']);
  });

  it('refuses text over 500 characters, naming the field', async () => {
    const response = await beacon.gql(`query($f: ServiceSearchInput!) { searchServices(filter: $f) { totalCount } }`, { f: { text: 'x'.repeat(501) } });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'filter.text', message: 'must be at most 500 characters' }]);
  });
});

describe('place', () => {
  it('keeps services within the radius of near, with the distance to the nearest location', async () => {
    const a = await freshAgency();
    await a.add({ name: 'Near', locations: [at(3), at(40)] });
    await a.add({ name: 'Middle', locations: [at(12)] });
    await a.add({ name: 'Far', locations: [at(60)] });
    await a.add({ name: 'Nowhere', locations: [] });
    const within = await search(beacon, { near: HQ, radiusKm: 20, organizationId: a.id, sort: 'DISTANCE' }, { token: staff });
    expect(names(within)).toEqual(['Near', 'Middle']);
    expect(within.edges[0].distanceKm).toBeCloseTo(3, 1);
    expect(within.edges[1].distanceKm).toBeCloseTo(12, 1);
    expect(names(await search(beacon, { near: HQ, organizationId: a.id, sort: 'DISTANCE' }))).toEqual(['Near', 'Middle']); // default 25 km
    expect(names(await search(beacon, { near: HQ, radiusKm: 100, organizationId: a.id, sort: 'DISTANCE' }))).toEqual(['Near', 'Middle', 'Far']);
  });

  it('refuses radiusKm or a DISTANCE sort without near', async () => {
    const response = await beacon.gql(`query($f: ServiceSearchInput!) { searchServices(filter: $f) { totalCount } }`, { f: { radiusKm: 5, sort: 'DISTANCE' } });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toMatchObject([{ field: 'filter.radiusKm' }, { field: 'filter.sort' }]);
  });
});

describe('opening hours', () => {
  // Monday 2026-11-23. New York is UTC-5 and Los Angeles UTC-8 in November.
  const monday = (hhmm: string, zoneOffsetHours = 5) => new Date(Date.UTC(2026, 10, 23, Number(hhmm.slice(0, 2)) + zoneOffsetHours, Number(hhmm.slice(3)))).toISOString();

  it('knows hours that run past midnight into the next day', async () => {
    const a = await freshAgency();
    await a.add({ name: 'Night Crisis Line', locations: [aLocation({ schedules: [{ weekday: 'MONDAY', opensAt: '22:00', closesAt: '02:00' }] })] });
    const openAt = async (iso: string) => names(await search(beacon, { openAt: iso, organizationId: a.id }));
    expect(await openAt(monday('21:59'))).toEqual([]);
    expect(await openAt(monday('23:30'))).toEqual(['Night Crisis Line']);
    expect(await openAt(monday('25:30'))).toEqual(['Night Crisis Line']); // Tuesday 01:30
    expect(await openAt(monday('26:00'))).toEqual([]); // Tuesday 02:00
  });

  it('reads each location in its own time zone', async () => {
    const a = await freshAgency();
    await a.add({ name: 'East Office', locations: [aLocation({ timeZone: 'America/New_York' })] });
    await a.add({ name: 'West Office', locations: [aLocation({ timeZone: 'America/Los_Angeles' })] });
    // Monday 18:00 in New York is 15:00 in Los Angeles: only the western office (9 to 5) is open.
    const result = await search(beacon, { openAt: monday('18:00'), organizationId: a.id });
    expect(names(result)).toEqual(['West Office']);
    // Monday 10:00 in New York is 07:00 in Los Angeles.
    expect(names(await search(beacon, { openAt: monday('10:00'), organizationId: a.id }))).toEqual(['East Office']);
  });

  it('treats 24:00 as the end of the day and a 24/7 service as always open', async () => {
    const a = await freshAgency();
    await a.add({ name: 'Always Open', locations: [aLocation({ schedules: everyDay('00:00', '24:00') })] });
    await a.add({ name: 'Weekday Office', locations: [aLocation()] });
    expect(names(await search(beacon, { openAt: monday('23:59'), organizationId: a.id }))).toEqual(['Always Open']);
    expect(names(await search(beacon, { openAt: monday('12:00'), organizationId: a.id, sort: 'NAME' }))).toEqual(['Always Open', 'Weekday Office']);
  });

  it("answers open on each edge for the search's openAt, and null when no location has hours", async () => {
    const a = await freshAgency();
    await a.add({ name: 'A Office', locations: [aLocation()] });
    await a.add({ name: 'B Phone Only', locations: [aLocation({ schedules: [] })] });
    const edges = async (openAt?: string) =>
      (await beacon.ok(`query($f: ServiceSearchInput!) { searchServices(filter: $f) { edges { open node { name openNow } } } }`, { f: { organizationId: a.id, sort: 'NAME', openAt } }))
        .searchServices.edges;
    const saturday = new Date(Date.UTC(2026, 10, 28, 17)).toISOString();
    const weekday = monday('12:00');
    // With openAt, only open services are kept; without it, every edge answers for now.
    expect(await edges(weekday)).toEqual([{ open: true, node: { name: 'A Office', openNow: expect.any(Boolean) } }]);
    expect(await edges(saturday)).toEqual([]);
    const now = await edges();
    expect(now[0].open).toBe(now[0].node.openNow);
    expect(now[1]).toEqual({ open: null, node: { name: 'B Phone Only', openNow: null } });
  });
});

describe('eligibility and other criteria', () => {
  let a: Awaited<ReturnType<typeof freshAgency>>;
  beforeAll(async () => {
    a = await freshAgency();
    await a.add({ name: 'Youth Housing', category: 'HOUSING', taxonomyCodes: ['housing.transitional'], eligibility: { minimumAge: 16, maximumAge: 24, populations: ['YOUTH'] }, languages: ['en'] });
    await a.add({ name: 'Veterans Residence', category: 'HOUSING', taxonomyCodes: ['housing.recovery-residence'], eligibility: { minimumAge: 18, populations: ['VETERANS', 'MEN'] }, acceptedInsurance: ['VA'], languages: ['en', 'es'], capacity: { available: 2, maximum: 12, unit: 'beds' } });
    await a.add({ name: 'Full Shelter', category: 'HOUSING', taxonomyCodes: ['housing.emergency-shelter'], capacity: { available: 0, maximum: 40, unit: 'beds' }, acceptedInsurance: ['MEDICAID', 'UNINSURED'] });
    await a.add({ name: 'Job Club', category: 'EMPLOYMENT', taxonomyCodes: ['employment.job-placement'], languages: ['es'], acceptedInsurance: ['MEDICAID'] });
  });
  const by = async (filter: Record<string, unknown>) => names(await search(beacon, { organizationId: a.id, sort: 'NAME', ...filter }));

  it('filters by category', async () => expect(await by({ categories: ['EMPLOYMENT'] })).toEqual(['Job Club']));
  it('filters by a taxonomy term and every term below it', async () => {
    expect(await by({ taxonomyCodes: ['housing'] })).toEqual(['Full Shelter', 'Veterans Residence', 'Youth Housing']);
    expect(await by({ taxonomyCodes: ['housing.recovery-residence', 'employment.job-placement'] })).toEqual(['Job Club', 'Veterans Residence']);
  });
  it('filters by language', async () => expect(await by({ languages: ['es'] })).toEqual(['Job Club', 'Veterans Residence']));
  it('filters by age, open-ended ranges admitting any age', async () => {
    expect(await by({ age: 17 })).toEqual(['Full Shelter', 'Job Club', 'Youth Housing']);
    expect(await by({ age: 30 })).toEqual(['Full Shelter', 'Job Club', 'Veterans Residence']);
  });
  it('filters by population', async () => expect(await by({ populations: ['VETERANS', 'YOUTH'] })).toEqual(['Veterans Residence', 'Youth Housing']));
  it('filters by insurance', async () => expect(await by({ insurance: ['MEDICAID'] })).toEqual(['Full Shelter', 'Job Club']));
  it('filters by capacity available now', async () => expect(await by({ hasCapacity: true })).toEqual(['Veterans Residence']));
  it('filters by organization', async () => expect((await search(beacon, { organizationId: org })).edges.every((e) => e.node.organization.id === org)).toBe(true));
  it('combines criteria with AND', async () => {
    expect(await by({ categories: ['HOUSING'], languages: ['es'], age: 40, insurance: ['VA'], hasCapacity: true })).toEqual(['Veterans Residence']);
    expect(await by({ categories: ['HOUSING'], languages: ['es'], age: 20, populations: ['YOUTH'] })).toEqual([]);
    expect(await by({ text: 'housing', taxonomyCodes: ['housing.transitional'] })).toEqual(['Youth Housing']);
  });

  it('counts categories over the result without the categories criterion', async () => {
    const result = await search(beacon, { organizationId: a.id, categories: ['EMPLOYMENT'] });
    expect(result.totalCount).toBe(1);
    expect(result.facets.categories).toEqual([
      { category: 'HOUSING', count: 3 },
      { category: 'EMPLOYMENT', count: 1 },
    ]);
    const only = async (fields: string) =>
      (await beacon.ok(`query($f: ServiceSearchInput!) { searchServices(filter: $f) { ${fields} } }`, { f: { organizationId: a.id, categories: ['HOUSING'], sort: 'NAME' } })).searchServices;
    expect(await only('totalCount')).toEqual({ totalCount: 3 });
    expect((await only('edges { node { name } }')).edges.map((e: any) => e.node.name)).toEqual(['Full Shelter', 'Veterans Residence', 'Youth Housing']);
    const spanish = await search(beacon, { organizationId: a.id, languages: ['es'], categories: ['HOUSING'] });
    expect(spanish.facets.categories).toEqual([
      { category: 'EMPLOYMENT', count: 1 },
      { category: 'HOUSING', count: 1 },
    ]);
  });
});

describe('statuses', () => {
  it('shows ACTIVE services unless other statuses are asked for', async () => {
    const a = await freshAgency();
    const open = await a.add({ name: 'Open Program' });
    const closed = await a.add({ name: 'Closed Program' });
    await beacon.ok(`mutation($input: UpdateServiceInput!) { updateService(input: $input) { service { id } } }`, { input: { id: closed.id, expectedVersion: 1, status: 'TEMPORARILY_CLOSED' } }, a.token);
    expect(names(await search(beacon, { organizationId: a.id }))).toEqual([open.name]);
    expect(names(await search(beacon, { organizationId: a.id, statuses: ['TEMPORARILY_CLOSED'] }))).toEqual(['Closed Program']);
    expect(names(await search(beacon, { organizationId: a.id, statuses: ['ACTIVE', 'TEMPORARILY_CLOSED'], sort: 'NAME' }))).toEqual(['Closed Program', 'Open Program']);
  });
});

describe('sorts', () => {
  it('sorts by name, by distance, by most recently verified and by relevance', async () => {
    const a = await freshAgency();
    const b = await a.add({ name: 'Bravo Recovery', locations: [at(2)] });
    const c = await a.add({ name: 'charlie recovery center', locations: [at(1)] });
    await a.add({ name: 'Alpha Outreach', description: 'Recovery outreach.', locations: [at(4)] });
    const verify = `mutation($id: ID!) { verifyService(id: $id) { service { id } } }`;
    await beacon.ok(verify, { id: c.id }, a.token);
    await beacon.ok(verify, { id: b.id }, a.token);
    const sorted = async (sort: string, extra: Record<string, unknown> = {}) => names(await search(beacon, { organizationId: a.id, sort, ...extra }));
    expect(await sorted('NAME')).toEqual(['Alpha Outreach', 'Bravo Recovery', 'charlie recovery center']);
    expect(await sorted('DISTANCE', { near: HQ })).toEqual(['charlie recovery center', 'Bravo Recovery', 'Alpha Outreach']);
    expect(await sorted('RECENTLY_VERIFIED')).toEqual(['Bravo Recovery', 'charlie recovery center', 'Alpha Outreach']);
    // Text rank first (a name match beats a description match), then distance.
    expect(await sorted('RELEVANCE', { text: 'recovery', near: HQ })).toEqual(['charlie recovery center', 'Bravo Recovery', 'Alpha Outreach']);
    expect(await sorted('RELEVANCE')).toEqual(['Alpha Outreach', 'Bravo Recovery', 'charlie recovery center']);
  });
});
