import { startBeacon, type Beacon } from '../harness/beacon';
import { aFunder, aFunderOrganization, aGrant } from '../harness/builders';
import { aReportWorld, OUTCOME_REPORT, referralsMadeAt, report, type ReportWorld } from './builders';
import { codes, errorOf } from '../harness/errors';

/**
 * Who may read the report. Alder (agency A) received 3 HOUSING referrals in January 2026 and
 * Birch (agency B) 2 TREATMENT ones. The funder holds a 2026 grant for Alder and a 2024 one for
 * Birch; another funder holds none. Threshold 2, so these small counts show.
 */
let beacon: Beacon;
let world: ReportWorld;
let funderToken: string;

const JAN_2026 = { from: '2026-01-01', to: '2026-01-31' };

beforeAll(async () => {
  beacon = await startBeacon({ SUPPRESSION_THRESHOLD: '2', REPORT_PERTURBATION: '0' });
  world = await aReportWorld(beacon, { clients: 3 });
  const at = '2026-01-10T12:00:00-05:00';
  await referralsMadeAt(beacon, world, { service: world.services.housing, clients: world.clients, at });
  await referralsMadeAt(beacon, world, { service: world.services.treatment, clients: world.clients.slice(0, 2), at });
  await aGrant(beacon, world.admin, world.funderOrg.id, world.agencyA.id, '2026-01-01', '2026-12-31');
  await aGrant(beacon, world.admin, world.funderOrg.id, world.agencyB.id, '2024-01-01', '2024-12-31');
  funderToken = await world.funder.token();
}, 120_000);
afterAll(() => beacon.stop());

/** The report asked for `input`, which must be refused: no data. */
const refused = async (input: Record<string, unknown>, token?: string) => {
  const response = await beacon.gql(OUTCOME_REPORT, { input }, token);
  expect(response.data).toBeNull();
  return response;
};

describe('who may read the outcome report', () => {
  it('a funder sees, by default, only the organizations their grants cover in the period', async () => {
    const result = await report(beacon, funderToken, { ...JAN_2026, groupBy: ['ORGANIZATION'] });
    expect(result.rows.map((r: any) => [r.organization.id, r.referrals])).toEqual([[world.agencyA.id, 3]]);
    expect(result.totals.referrals).toBe(3);
  });

  it("a funder's report not grouped by organization still counts only their grantees' referrals (the rollups, which count every organization, never serve it)", async () => {
    const byMonth = await report(beacon, funderToken, { ...JAN_2026, groupBy: ['MONTH'] });
    expect(byMonth.rows.map((r: any) => [r.period, r.referrals])).toEqual([['2026-01', 3]]);
    expect(byMonth.totals.referrals).toBe(3);
    const admin = await report(beacon, world.admin, { ...JAN_2026, groupBy: ['MONTH'] });
    expect(admin.totals.referrals).toBe(5);
  });

  it('a funder may name a grantee whose grant overlaps the period, even by a day', async () => {
    await aGrant(beacon, world.admin, world.funderOrg.id, world.agencyB.id, '2026-03-31', '2026-12-31');
    const lastDay = await report(beacon, funderToken, { from: '2026-03-01', to: '2026-03-31', groupBy: [], organizationIds: [world.agencyB.id] });
    expect(lastDay.rows).toEqual([]);
    expect(lastDay.totals.referrals).toBe(0);
    const old = await report(beacon, funderToken, { from: '2024-06-01', to: '2024-06-30', groupBy: [], organizationIds: [world.agencyB.id] });
    expect(old.totals.referrals).toBe(0);
  });

  it('a funder naming an organization outside their grants for the period is FORBIDDEN', async () => {
    expect(codes(await refused({ ...JAN_2026, groupBy: [], organizationIds: [world.agencyB.id] }, funderToken))).toEqual(['FORBIDDEN']);
    expect(codes(await refused({ ...JAN_2026, groupBy: [], organizationIds: [world.agencyA.id, world.agencyB.id] }, funderToken))).toEqual(['FORBIDDEN']);
    expect(codes(await refused({ from: '2025-01-01', to: '2025-12-31', groupBy: [], organizationIds: [world.agencyA.id] }, funderToken))).toEqual(['FORBIDDEN']);
  });

  it('a funder without grants gets an empty report', async () => {
    const admin = await beacon.adminToken();
    const stranger = await aFunder(beacon, admin, (await aFunderOrganization(beacon, admin)).id);
    const result = await report(beacon, await stranger.token(), { ...JAN_2026, groupBy: ['ORGANIZATION'] });
    expect(result.rows).toEqual([]);
    expect(result.totals).toMatchObject({ referrals: 0, uniqueClients: 0, suppressed: false });
  });

  it('the funder dashboard finds its grantees through grants and reports on them', async () => {
    const { grants } = await beacon.ok(`query MyGrants { grants { id name startsOn endsOn grantee { id name } } }`, {}, funderToken);
    const current = grants.filter((g: any) => g.startsOn <= JAN_2026.to && (!g.endsOn || g.endsOn >= JAN_2026.from));
    const result = await report(beacon, funderToken, { ...JAN_2026, groupBy: ['CATEGORY'], organizationIds: current.map((g: any) => g.grantee.id) });
    expect(result.rows.map((r: any) => [r.category, r.referrals])).toEqual([['HOUSING', 3]]);
  });

  it('an admin may report on any organization, or all of them', async () => {
    const admin = await beacon.adminToken();
    const named = await report(beacon, admin, { ...JAN_2026, groupBy: [], organizationIds: [world.agencyB.id] });
    expect(named.rows.map((r: any) => [r.organization.id, r.referrals])).toEqual([[world.agencyB.id, 2]]);
    expect(named.totals.referrals).toBe(5);
    expect((await report(beacon, admin, { ...JAN_2026, groupBy: [] })).totals.referrals).toBe(5);
  });

  it('coaches, supervisors and agency staff are FORBIDDEN; anonymous callers UNAUTHENTICATED', async () => {
    const input = { ...JAN_2026, groupBy: [] };
    for (const person of [world.people.coach, world.people.supervisor, world.people.agencyStaff]) {
      expect([person.role, codes(await refused(input, await person.token()))]).toEqual([person.role, ['FORBIDDEN']]);
    }
    expect(codes(await refused(input))).toEqual(['UNAUTHENTICATED']);
  });

  it('a malformed organization id is BAD_USER_INPUT naming it', async () => {
    const response = await refused({ ...JAN_2026, groupBy: [], organizationIds: ['not-an-id'] }, funderToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.organizationIds', message: 'must each be an id' }]);
  });
});
