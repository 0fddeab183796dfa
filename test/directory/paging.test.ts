import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';
import { UPDATE_SERVICE, VERIFY_SERVICE, search } from './builders';
import { errorOf } from '../harness/errors';

let beacon: Beacon;
let staff: string;
let orgId: string;
const services: { id: string; name: string }[] = [];

const COUNT = 110;
const WORDS = ['recovery', 'recovery housing', 'peer recovery', 'recovery coaching center'];

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  orgId = agency.id;
  staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  for (let batch = 0; batch < COUNT; batch += 10) {
    const made = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const n = batch + i;
        // Names, texts and places repeat, so every sort has ties that only the id breaks.
        return aService(beacon, staff, {
          name: `Program ${String(n % 37).padStart(2, '0')} ${WORDS[n % WORDS.length]}`,
          locations: [aLocation({ latitude: 40.75 + (n % 23) / 200, longitude: -73.99 })],
        });
      }),
    );
    services.push(...made);
  }
  for (const s of services.filter((_, i) => i % 3 === 0)) await beacon.ok(VERIFY_SERVICE, { id: s.id }, staff);
}, 120_000);
afterAll(() => beacon.stop());

/**
 * Pages through the search 20 at a time while listings change between pages: new services
 * appear, seen and unseen ones are renamed and verified, one is closed. Every listing that
 * did not change must come exactly once.
 */
async function pageThroughWhileChanging(filter: Record<string, unknown>) {
  const matching = new Set<string>();
  for (let after: string | undefined, more = true; more; ) {
    const result = await search(beacon, { organizationId: orgId, ...filter }, { first: 100, after, token: staff });
    result.edges.forEach((e) => matching.add(e.node.id));
    more = result.pageInfo.hasNextPage;
    after = result.pageInfo.endCursor ?? undefined;
  }
  expect(matching.size).toBeGreaterThan(100);
  const seen: string[] = [];
  const touched = new Set<string>();
  let after: string | undefined;
  let page = 0;
  do {
    const result = await search(beacon, { organizationId: orgId, ...filter }, { first: 20, after, token: staff });
    seen.push(...result.edges.map((e) => e.node.id));
    after = result.pageInfo.hasNextPage ? result.pageInfo.endCursor! : undefined;
    page++;
    const unseen = services.filter((s) => !seen.includes(s.id) && !touched.has(s.id));
    const seenOne = services.find((s) => seen.includes(s.id) && !touched.has(s.id))!;
    const added = await aService(beacon, staff, { name: `Program 00 recovery added ${page}`, locations: [aLocation()] });
    touched.add(added.id);
    for (const s of [seenOne, unseen[0]].filter(Boolean)) {
      touched.add(s.id);
      const { service } = await beacon.ok(`query($id: ID!) { service(id: $id) { version } }`, { id: s.id });
      await beacon.ok(UPDATE_SERVICE, { input: { id: s.id, expectedVersion: service.version, name: `Aardvark recovery ${page}` } }, staff);
      await beacon.ok(VERIFY_SERVICE, { id: s.id }, staff);
    }
    if (unseen[1]) {
      touched.add(unseen[1].id);
      const { service } = await beacon.ok(`query($id: ID!) { service(id: $id) { version } }`, { id: unseen[1].id });
      await beacon.ok(UPDATE_SERVICE, { input: { id: unseen[1].id, expectedVersion: service.version, status: 'INACTIVE' } }, staff);
    }
  } while (after);
  const untouched = services.filter((s) => matching.has(s.id) && !touched.has(s.id)).map((s) => s.id);
  expect(untouched.length).toBeGreaterThan(60);
  expect(seen).toEqual(expect.arrayContaining(untouched));
  // A listing that changed may move past the cursor and come again; one that did not never does.
  const repeated = seen.filter((id, i) => seen.indexOf(id) !== i);
  expect(repeated.filter((id) => !touched.has(id))).toEqual([]);
}

describe('paging through 100+ results while listings change', () => {
  it('by name: no duplicates, no gaps', () => pageThroughWhileChanging({ sort: 'NAME' }), 60_000);
  it('by distance: no duplicates, no gaps', () => pageThroughWhileChanging({ sort: 'DISTANCE', near: { latitude: 40.75, longitude: -73.99 } }), 60_000);
  it('by relevance to text and place: no duplicates, no gaps', () =>
    pageThroughWhileChanging({ text: 'recovery', near: { latitude: 40.75, longitude: -73.99 }, radiusKm: 50 }), 60_000);
  it('by most recently verified: no duplicates, no gaps', () => pageThroughWhileChanging({ sort: 'RECENTLY_VERIFIED' }), 60_000);
});

it('refuses a cursor from another sort', async () => {
  const byName = await search(beacon, { organizationId: orgId, sort: 'NAME' }, { first: 5 });
  const response = await beacon.gql(`query($f: ServiceSearchInput!, $after: String) { searchServices(filter: $f, after: $after) { totalCount } }`, {
    f: { organizationId: orgId, sort: 'DISTANCE', near: { latitude: 40.75, longitude: -73.99 } },
    after: byName.pageInfo.endCursor,
  });
  expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message: 'is not a cursor from this search' }] });
});
