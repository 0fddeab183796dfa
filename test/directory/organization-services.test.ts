import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, anAgency, anAgencyStaff, aPeerOrganization, aService } from '../harness/builders';
import { UPDATE_SERVICE } from './builders';

let beacon: Beacon;
let admin: string;
let agencyId: string;
let staff: string;

const LISTINGS = `query($org: ID!, $statuses: [ServiceStatus!], $first: Int, $after: String) {
  organization(id: $org) { services(statuses: $statuses, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name status } } } } }`;

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  agencyId = agency.id;
  staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  for (const [name, status] of [['Alpha', 'ACTIVE'], ['Bravo', 'INACTIVE'], ['Charlie', 'TEMPORARILY_CLOSED'], ['Delta', 'ACTIVE']]) {
    const service = await aService(beacon, staff, { name });
    if (status !== 'ACTIVE') await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, status } }, staff);
  }
});
afterAll(() => beacon.stop());

const listed = async (token: string | undefined, vars: Record<string, unknown> = {}) =>
  (await beacon.ok(LISTINGS, { org: agencyId, ...vars }, token)).organization.services;

it("shows the organization's own staff and admins every status by default, by name", async () => {
  for (const token of [staff, admin]) expect((await listed(token)).edges.map((e: any) => e.node.name)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
});

it('shows everyone else the ACTIVE services by default', async () => {
  const coach = await (await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id)).token();
  const otherStaff = await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id)).token();
  for (const token of [undefined, coach, otherStaff]) expect((await listed(token)).edges.map((e: any) => e.node.name)).toEqual(['Alpha', 'Delta']);
});

it('narrows to the statuses asked for, and pages by cursor', async () => {
  expect((await listed(staff, { statuses: ['INACTIVE', 'TEMPORARILY_CLOSED'] })).edges.map((e: any) => e.node.name)).toEqual(['Bravo', 'Charlie']);
  const first = await listed(staff, { first: 3 });
  expect(first).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
  const second = await listed(staff, { first: 3, after: first.pageInfo.endCursor });
  expect(second.edges.map((e: any) => e.node.name)).toEqual(['Delta']);
  expect(second.pageInfo.hasNextPage).toBe(false);
});
