import { NESTED_PAGE } from '../../bench/operations';
import { captureStatements } from '../../src/db/statement-counter';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';

/*
 * Organization.services with the parts its nodes read (organization, locations and theirs) costs
 * what a page of 5 costs whatever its size, and one statement for a whole list of organizations;
 * the cards it builds in SQL keep the confidential-location rule.
 */

let beacon: Beacon;
let shelterId: string;
let ownStaff: string;
let otherStaff: string;
const listed: string[] = [];

/** Where the shelter's confidential locations are: nowhere else in the data. */
const HIDDEN = {
  confidential: true,
  latitude: 40.7512,
  longitude: -73.9876,
  address: { address1: '7 Hidden Lane', city: 'Harborview', stateProvince: 'NY', postalCode: '10001', country: 'US' },
};

/** The bench's nested page with another page size. */
const nestedPage = (first: number) => {
  const document = NESTED_PAGE.replace('services(first: 50)', `services(first: ${first})`);
  expect(document).toContain(`services(first: ${first})`);
  return document;
};

/** The agency portal's kind of list, each organization with the nested page's services. */
const LISTED = `query($first: Int) { organizations(search: "Nested agency", first: $first) { edges { node { id
  services(first: 3) { edges { node { id name organization { id name }
    locations { id confidential latitude longitude address { city } phones { number } schedules { weekday } } } } }
} } } }`;

/** The shelter lists 50 services (every other one at a confidential location) and one INACTIVE; the listed agencies three each. */
beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const shelter = await anAgency(beacon, admin, 'Harbor shelter network');
  shelterId = shelter.id;
  ownStaff = await (await anAgencyStaff(beacon, admin, shelter.id)).token();
  otherStaff = await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id)).token();
  for (let i = 0; i < 50; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, j) =>
        aService(beacon, ownStaff, {
          name: `Shelter ${String(i + j).padStart(2, '0')}`,
          locations: [j % 2 === 0 ? aLocation(HIDDEN) : aLocation(), aLocation({ name: 'Annex', latitude: 40.8, longitude: -73.5 })],
        }),
      ),
    );
  }
  const closed = await aService(beacon, ownStaff, { name: 'Closed shelter' });
  await beacon.ok(`mutation($input: UpdateServiceInput!) { updateService(input: $input) { service { id } } }`, {
    input: { id: closed.id, expectedVersion: 1, status: 'INACTIVE' },
  }, ownStaff);
  for (let i = 1; i <= 6; i++) {
    const agency = await anAgency(beacon, admin, `Nested agency ${i}`);
    listed.push(agency.id);
    for (const name of ['Apple', 'Banana', 'Cherry']) await aService(beacon, admin, { name: `${name} ${i}`, organizationId: agency.id, locations: [aLocation({ confidential: name === 'Banana' })] });
  }
}, 120_000);
afterAll(() => beacon.stop());

/** Runs the document and counts its statements, after one run that warms the pool. */
async function measured(document: string, variables: Record<string, unknown>, token?: string) {
  await beacon.ok(document, variables, token);
  let data: any;
  const statements = await beacon.countStatements(async () => (data = await beacon.ok(document, variables, token)));
  return { statements, data };
}

it('the nested page of an organization costs the same statements for 5 services as for 50: two', async () => {
  const counts: number[] = [];
  for (const first of [5, 50]) {
    const { statements, data } = await measured(nestedPage(first), { id: shelterId });
    const edges = data.organization.services.edges;
    expect(edges).toHaveLength(first);
    // ACTIVE only for an anonymous caller, by name, every part down to the last location's hours.
    expect(edges.map((e: any) => e.node.name)).toEqual(Array.from({ length: first }, (_, i) => `Shelter ${String(i).padStart(2, '0')}`));
    const last = edges[first - 1].node;
    expect(last).toMatchObject({ status: 'ACTIVE', organization: { id: shelterId, name: 'Harbor shelter network' } });
    expect(last.locations[1]).toMatchObject({ name: 'Annex', address: { city: 'Harborview' }, phones: [{ number: '(555) 201-0000' }] });
    expect(last.locations[1].schedules).toHaveLength(5);
    counts.push(statements);
  }
  expect(counts[1]).toBe(counts[0]);
  // the organization, then the page with its cards (PostGraphile's one statement plus the organization)
  expect(counts[0]).toBeLessThanOrEqual(2);
});

it("signed in, the organization's own staff pay only the viewer on top, every status included", async () => {
  const { statements, data } = await measured(nestedPage(50), { id: shelterId }, ownStaff);
  expect(data.organization.services.edges[0].node).toMatchObject({ name: 'Closed shelter', status: 'INACTIVE' });
  expect(statements).toBeLessThanOrEqual(3);
});

it('a list of organizations with their nested services does not cost a statement per organization', async () => {
  const run = (first: number) => measured(LISTED, { first });
  const two = await run(2);
  const six = await run(6);
  expect(six.data.organizations.edges.map((e: any) => e.node.id)).toEqual(listed);
  six.data.organizations.edges.forEach((e: any, i: number) => {
    expect(e.node.services.edges.map((s: any) => s.node.name)).toEqual([`Apple ${i + 1}`, `Banana ${i + 1}`, `Cherry ${i + 1}`]);
    expect(e.node.services.edges[2].node.locations[0]).toMatchObject({ address: { city: 'Harborview' }, phones: [{ number: '(555) 201-0000' }] });
  });
  expect(six.statements).toBe(two.statements);
  // the organizations, then every organization's page with its cards
  expect(two.statements).toBeLessThanOrEqual(2);
});

/** The confidential locations of the nested page as `token` gets them, and as the statements it sent hold them. */
async function confidentialLocations(token: string | undefined) {
  let data: any;
  const statements = await captureStatements(beacon.dataSource, async () => (data = await beacon.ok(nestedPage(50), { id: shelterId }, token)));
  const answered = data.organization.services.edges.flatMap((e: any) => e.node.locations).filter((l: any) => l.confidential);
  // Whatever a statement returned reached the process: replayed, no row may hold what the answer withholds.
  const returned: string[] = [];
  for (const { text, values } of statements) returned.push(JSON.stringify(await beacon.dataSource.query(text, values)));
  return { answered, returned: returned.join('\n') };
}

it.each([
  ['an anonymous caller', () => undefined],
  ['another agency', () => otherStaff],
])("%s gets neither the address nor the coordinates of the shelter's confidential locations, not even from the database", async (_, token) => {
  const { answered, returned } = await confidentialLocations(token());
  expect(answered).toHaveLength(25);
  for (const location of answered) expect(location).toMatchObject({ latitude: null, longitude: null, address: null });
  // The ordinary annexes' addresses did come, so the statements were the ones that build them.
  expect(returned).toContain('100 Harbor St');
  for (const secret of ['Hidden Lane', '40.7512', '-73.9876']) expect(returned).not.toContain(secret);
});

it('the owning agency sees its confidential locations where they are', async () => {
  const { answered, returned } = await confidentialLocations(ownStaff);
  expect(answered).toHaveLength(25);
  for (const location of answered) expect(location).toMatchObject({ latitude: HIDDEN.latitude, longitude: HIDDEN.longitude, address: { address1: '7 Hidden Lane' } });
  expect(returned).toContain('Hidden Lane');
});

it('a part the query does not read is not loaded', async () => {
  const statements = async (document: string) => (await captureStatements(beacon.dataSource, () => beacon.ok(document, { id: shelterId }))).map((s) => s.text).join('\n');
  const reads = (table: string) => new RegExp(`FROM "?${table}\\b`);
  const withoutLocations = await statements(`query($id: ID!) { organization(id: $id) { services(first: 50) { edges { node { id name organization { name } } } } } }`);
  for (const table of ['service_at_location', 'location', 'address', 'phone', 'schedule']) expect(withoutLocations).not.toMatch(reads(table));
  const withoutAddresses = await statements(`query($id: ID!) { organization(id: $id) { services(first: 50) { edges { node { id locations { id phones { number } } } } } } }`);
  expect(withoutAddresses).toMatch(reads('phone'));
  for (const table of ['address', 'schedule']) expect(withoutAddresses).not.toMatch(reads(table));
});
