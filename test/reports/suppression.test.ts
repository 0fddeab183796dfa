import { startBeacon, type Beacon } from '../harness/beacon';
import { aReportWorld, clientsOf, referralsMadeAt, report, type ReportWorld } from './builders';

/**
 * Small-cell suppression at the default threshold of 11. Referrals, each for a different client
 * of a pool of 20 (so unique clients equal referrals):
 *
 *              HOUSING  EMPLOYMENT  TREATMENT
 *   Jan 2026      12        15       2 (accepted, ENTERED_TREATMENT 3 days on)
 *   Feb 2026       0         0       0
 *   Mar 2026      13        14      20
 *   Jun 2025      10 (then 11)
 */
let beacon: Beacon;
let world: ReportWorld;

beforeAll(async () => {
  beacon = await startBeacon({ REPORT_PERTURBATION: '0' });
  world = await aReportWorld(beacon, { clients: 20 });
  const { housing, employment, treatment } = world.services;
  const jan = '2026-01-10T12:00:00-05:00';
  const mar = '2026-03-05T12:00:00-05:00';
  await referralsMadeAt(beacon, world, { service: housing, clients: clientsOf(world, 12), at: jan });
  await referralsMadeAt(beacon, world, { service: employment, clients: clientsOf(world, 15), at: jan });
  await referralsMadeAt(beacon, world, { service: treatment, clients: clientsOf(world, 2), at: jan, accept: true, outcome: { type: 'ENTERED_TREATMENT', daysAfter: 3 } });
  await referralsMadeAt(beacon, world, { service: housing, clients: clientsOf(world, 13), at: mar });
  await referralsMadeAt(beacon, world, { service: employment, clients: clientsOf(world, 14), at: mar });
  await referralsMadeAt(beacon, world, { service: treatment, clients: clientsOf(world, 20), at: mar });
  await referralsMadeAt(beacon, world, { service: housing, clients: clientsOf(world, 10), at: '2025-06-15T12:00:00-04:00' });
}, 180_000);
afterAll(() => beacon.stop());

const JUNE_2025 = { from: '2025-06-01', to: '2025-06-30', groupBy: ['CATEGORY'] };

describe('small-cell suppression', () => {
  it('withholds a count of threshold-1 and shows it once it reaches the threshold; zero stays shown', async () => {
    const admin = await beacon.adminToken();
    const ten = await report(beacon, admin, JUNE_2025);
    expect(ten.suppressionThreshold).toBe(11);
    expect(ten.rows).toEqual([
      expect.objectContaining({ category: 'HOUSING', referrals: null, uniqueClients: null, accepted: 0, completed: 0, successful: 0, suppressed: true }),
    ]);
    expect(ten.totals).toMatchObject({ referrals: null, uniqueClients: null, accepted: 0, suppressed: true });

    await referralsMadeAt(beacon, world, { service: world.services.housing, clients: clientsOf(world, 1, 10), at: '2025-06-20T12:00:00-04:00' });
    const eleven = await report(beacon, admin, JUNE_2025);
    expect(eleven.rows).toEqual([expect.objectContaining({ category: 'HOUSING', referrals: 11, uniqueClients: 11, accepted: 0, suppressed: false })]);
    expect(eleven.totals).toMatchObject({ referrals: 11, uniqueClients: 11, suppressed: false });
  });

  it('withholds the smallest other cell beside a small one, so the totals cannot give it away; its rate and median too', async () => {
    const result = await report(beacon, await beacon.adminToken(), { from: '2026-01-01', to: '2026-01-31', groupBy: ['CATEGORY'] });
    expect(result.rows.map((r: any) => [r.category, r.referrals, r.uniqueClients, r.suppressed])).toEqual([
      ['EMPLOYMENT', 15, 15, false],
      ['HOUSING', null, null, true], // 12, withheld so that 29 - 15 leaves two unknowns
      ['TREATMENT', null, null, true], // 2
    ]);
    expect(result.rows[2]).toMatchObject({ accepted: null, completed: null, successful: null, successRate: null, medianDaysToOutcome: null });
    expect(result.totals).toMatchObject({ referrals: 29, uniqueClients: 15 });
  });

  it('across MONTH and CATEGORY, protects each month and each category as well as the totals', async () => {
    const result = await report(beacon, await beacon.adminToken(), { from: '2026-01-01', to: '2026-03-31', groupBy: ['MONTH', 'CATEGORY'] });
    expect(result.rows.map((r: any) => [r.period, r.category, r.referrals, r.suppressed])).toEqual([
      ['2026-01', 'EMPLOYMENT', 15, false],
      ['2026-01', 'HOUSING', null, true],
      ['2026-01', 'TREATMENT', null, true],
      ['2026-02', 'EMPLOYMENT', 0, false],
      ['2026-02', 'HOUSING', 0, false],
      ['2026-02', 'TREATMENT', 0, false],
      ['2026-03', 'EMPLOYMENT', 14, false],
      ['2026-03', 'HOUSING', null, true], // January's HOUSING would follow from the HOUSING total
      ['2026-03', 'TREATMENT', null, true], // likewise January's TREATMENT
    ]);
    // The two accepted referrals, their completions and successes are small in the totals too.
    expect(result.totals).toMatchObject({ referrals: 76, uniqueClients: 20, accepted: null, completed: null, successful: null, successRate: null, medianDaysToOutcome: null, suppressed: true });
  });

  it('names no person, client or coach anywhere in the report', async () => {
    const result = await report(beacon, await beacon.adminToken(), { from: '2025-01-01', to: '2026-12-31', groupBy: ['MONTH', 'ORGANIZATION', 'OUTCOME_TYPE'] });
    const text = JSON.stringify(result);
    for (const client of world.clients) {
      expect(text).not.toContain(client.id);
      expect(text).not.toContain(client.alias);
    }
    expect(text).not.toContain(world.coach.id);
    expect(text).not.toContain(world.agencyA.staff.id);
  });
});
