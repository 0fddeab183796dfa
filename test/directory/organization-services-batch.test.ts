import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aService } from '../harness/builders';
import { UPDATE_SERVICE } from './builders';
import { errorOf } from '../harness/errors';

let beacon: Beacon;
let admin: string;
let staff: string;
const agencies: { id: string; name: string }[] = [];

/** The agency portal's kind of list: organizations, each with a page of its services. */
const DIRECTORY = `query($first: Int, $services: Int, $after: String) {
  organizations(search: "Batch agency", first: $first) { edges { node { id name
    services(first: $services, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name status } } }
  } } } }`;

const TWO_PAGES = `query($a: ID!, $b: ID!, $afterA: String, $afterB: String) {
  a: organization(id: $a) { services(first: 2, after: $afterA) { pageInfo { hasNextPage endCursor } edges { node { name } } } }
  b: organization(id: $b) { services(first: 2, after: $afterB) { pageInfo { hasNextPage endCursor } edges { node { name } } } }
}`;

/** Each agency lists Apple, Banana, Cherry (INACTIVE) and Damson, suffixed with the agency's number. */
const NAMES = ['Apple', 'Banana', 'Cherry', 'Damson'];

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
  for (let i = 1; i <= 12; i++) agencies.push(await anAgency(beacon, admin, `Batch agency ${String(i).padStart(2, '0')}`));
  staff = await (await anAgencyStaff(beacon, admin, agencies[0].id)).token();
  await Promise.all(
    agencies.map(async (agency, i) => {
      for (const name of NAMES) {
        const service = await aService(beacon, admin, { name: `${name} ${i + 1}`, organizationId: agency.id });
        if (name === 'Cherry') await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, status: 'INACTIVE' } }, admin);
      }
    }),
  );
}, 60_000);
afterAll(() => beacon.stop());

const directory = async (token: string | undefined, vars: Record<string, unknown>) =>
  (await beacon.ok(DIRECTORY, vars, token)).organizations.edges.map((e: any) => e.node);

it('a list of organizations with their services costs the same statements for 2 organizations and for 12', async () => {
  for (const token of [undefined, staff]) {
    const run = (first: number) => async () => expect(await directory(token, { first, services: 5 })).toHaveLength(first);
    const two = await beacon.countStatements(run(2));
    const twelve = await beacon.countStatements(run(12));
    expect(twelve).toBe(two);
    // the organizations, the pages and the counts (per status default: the staff's own agency and the others),
    // and the signed-in viewer
    expect(two).toBeLessThanOrEqual(token ? 6 : 3);
  }
});

it("each organization lists its own services: every status for its own staff, ACTIVE for everyone else", async () => {
  const anonymous = await directory(undefined, { first: 12, services: 5 });
  anonymous.forEach((org: any, i: number) => {
    expect(org.id).toBe(agencies[i].id);
    expect(org.services.edges.map((e: any) => e.node.name)).toEqual([`Apple ${i + 1}`, `Banana ${i + 1}`, `Damson ${i + 1}`]);
    expect(org.services).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
  });
  const [own, ...others] = await directory(staff, { first: 12, services: 5 });
  expect(own.services.edges.map((e: any) => e.node.status)).toEqual(['ACTIVE', 'ACTIVE', 'INACTIVE', 'ACTIVE']);
  expect(own.services.totalCount).toBe(4);
  for (const org of others) expect(org.services.totalCount).toBe(3);
});

it('pages each organization by its own cursor, batched or not', async () => {
  const [a, b] = [agencies[0].id, agencies[5].id];
  const first = await beacon.ok(TWO_PAGES, { a, b }, staff);
  expect(first.a.services.edges.map((e: any) => e.node.name)).toEqual(['Apple 1', 'Banana 1']);
  expect(first.b.services.edges.map((e: any) => e.node.name)).toEqual(['Apple 6', 'Banana 6']);
  const vars = { a, b, afterA: first.a.services.pageInfo.endCursor, afterB: first.b.services.pageInfo.endCursor };
  let second: any;
  // one page and one viewer per cursor
  expect(await beacon.countStatements(async () => (second = await beacon.ok(TWO_PAGES, vars, staff)))).toBeLessThanOrEqual(5);
  expect(second.a.services.edges.map((e: any) => e.node.name)).toEqual(['Cherry 1', 'Damson 1']);
  expect(second.a.services.pageInfo.hasNextPage).toBe(false);
  expect(second.b.services.edges.map((e: any) => e.node.name)).toEqual(['Damson 6']);
  // the same cursor read through the list of organizations
  const listed = await directory(staff, { first: 1, services: 2, after: vars.afterA });
  expect(listed[0].services.edges.map((e: any) => e.node.name)).toEqual(['Cherry 1', 'Damson 1']);
});

it('a cursor that is not one of this list is BAD_USER_INPUT', async () => {
  const after = Buffer.from(JSON.stringify(['apple 1', 'not-an-id'])).toString('base64url');
  const response = await beacon.gql(DIRECTORY, { first: 2, services: 2, after });
  expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT' });
});
