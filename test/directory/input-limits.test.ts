import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, CREATE_SERVICE, aLocation, aService } from '../harness/builders';
import { SEARCH, UPDATE_SERVICE, everyDay } from './builders';
import { codes, errorOf } from '../harness/errors';

let beacon: Beacon;
let staff: string;

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  staff = await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id)).token();
});
afterAll(() => beacon.stop());

const times = <T>(n: number, item: (i: number) => T) => Array.from({ length: n }, (_, i) => item(i));
const count = async (sql: string, params: unknown[]) => (await beacon.dataSource.query(sql, params))[0].count as number;

describe('a listing too large to store', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['21 locations', { locations: times(21, () => aLocation()) }, 'input.locations', 'must list at most 20 locations'],
    ['51 openings at one location', { locations: [aLocation(), aLocation({ schedules: times(8, () => everyDay('09:00', '17:00')).flat() })] }, 'input.locations.1.schedules', 'must list at most 50 openings'],
    ['11 phones at one location', { locations: [aLocation({ phones: times(11, () => ({ number: '555 0100' })) })] }, 'input.locations.0.phones', 'must list at most 10 phones'],
    ['21 accessibility features', { locations: [aLocation({ accessibility: times(21, (i) => `Ramp ${i}`) })] }, 'input.locations.0.accessibility', 'must list at most 20 accessibility features'],
    ['51 taxonomy codes', { taxonomyCodes: times(51, () => 'treatment.detox') }, 'input.taxonomyCodes', 'must list at most 50 taxonomy codes'],
    ['21 cost options', { costOptions: times(21, (i) => ({ option: `Option ${i}` })) }, 'input.costOptions', 'must list at most 20 cost options'],
    ['51 required documents', { requiredDocuments: times(51, (i) => `Document ${i}`) }, 'input.requiredDocuments', 'must list at most 50 documents'],
    ['21 languages', { languages: times(21, () => 'en') }, 'input.languages', 'must list at most 20 languages'],
    ['a URL over 2000 characters', { url: `https://example.org/${'a'.repeat(2000)}` }, 'input.url', 'must be at most 2000 characters'],
    ['an email over 254 characters', { email: `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.org` }, 'input.email', 'must be at most 254 characters'],
  ];

  it.each(cases)('refuses %s, naming the field, and creates nothing', async (_name, overrides, field, message) => {
    const name = `Too large ${field}`;
    const response = await beacon.gql(CREATE_SERVICE, { input: { name, description: '', category: 'TREATMENT', locations: [aLocation()], ...overrides } }, staff);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toContainEqual({ field, message });
    expect(await count(`SELECT count(*)::int AS count FROM service WHERE name = $1`, [name])).toBe(0);
  });

  it('refuses the same limits on an update, changing nothing', async () => {
    const service = await aService(beacon, staff);
    const response = await beacon.gql(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, locations: times(21, () => aLocation()) } }, staff);
    expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.locations', message: 'must list at most 20 locations' }] });
    expect(await count(`SELECT count(*)::int AS count FROM service_at_location WHERE service_id = $1`, [service.id])).toBe(1);
    expect(await count(`SELECT version AS count FROM service WHERE id = $1`, [service.id])).toBe(1);
  });

  it('accepts a listing at the limits', async () => {
    const service = await aService(beacon, staff, { locations: times(20, () => aLocation({ schedules: times(8, () => everyDay('09:00', '17:00')).flat().slice(0, 50) })) });
    expect(service.locations).toHaveLength(20);
    expect(service.locations[0].schedules).toHaveLength(50);
  });
});

describe('a search too large to run', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['51 taxonomy codes', { taxonomyCodes: times(51, () => 'housing') }, 'filter.taxonomyCodes', 'must list at most 50 taxonomy codes'],
    ['a taxonomy code over 100 characters', { taxonomyCodes: ['housing', 'h'.repeat(101)] }, 'filter.taxonomyCodes', 'must be a taxonomy code'],
    ['21 categories', { categories: times(21, () => 'HOUSING') }, 'filter.categories', 'must list at most 20 categories'],
    ['21 statuses', { statuses: times(21, () => 'ACTIVE') }, 'filter.statuses', 'must list at most 20 statuses'],
    ['21 plans', { insurance: times(21, () => 'MEDICAID') }, 'filter.insurance', 'must list at most 20 plans'],
    ['21 languages', { languages: times(21, () => 'es') }, 'filter.languages', 'must list at most 20 languages'],
  ];

  it.each(cases)('refuses %s, naming the field', async (_name, filter, field, message) => {
    const response = await beacon.gql(SEARCH, { filter });
    expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field, message }] });
  });
});
