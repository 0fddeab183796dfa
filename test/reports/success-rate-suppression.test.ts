import { startBeacon, type Beacon } from '../harness/beacon';
import { aReportWorld, clientsOf, referralsMadeAt, report, type ReportWorld } from './builders';

/**
 * The success rate must not give away a withheld count of unsuccessful outcomes. Threshold 3,
 * so only counts of 1 and 2 are small. Six clients, each referred once to each service in
 * January 2026, every referral accepted and closed:
 *
 *              successful            unsuccessful
 *   HOUSING    4 HOUSED              2 LOST_CONTACT   (small: the rate is withheld)
 *   TREATMENT  3 ENTERED_TREATMENT   3 LOST_CONTACT
 *   totals     7                     5
 *
 * With the totals' rate and successful shown, unsuccessful = successful / rate - successful
 * gives 5 for the totals; had TREATMENT's rate (1/2) been shown too, it would give 3 there,
 * and HOUSING's withheld 2 would follow by subtraction.
 */
let beacon: Beacon;
let world: ReportWorld;

beforeAll(async () => {
  beacon = await startBeacon({ SUPPRESSION_THRESHOLD: '3', REPORT_PERTURBATION: '0' });
  world = await aReportWorld(beacon, { clients: 6 });
  const at = '2026-01-10T12:00:00-05:00';
  const { housing, treatment } = world.services;
  const closed = (type: string) => ({ at, accept: true, outcome: { type, daysAfter: 5 } });
  await referralsMadeAt(beacon, world, { service: housing, clients: clientsOf(world, 4), ...closed('HOUSED') });
  await referralsMadeAt(beacon, world, { service: housing, clients: clientsOf(world, 2, 4), ...closed('LOST_CONTACT') });
  await referralsMadeAt(beacon, world, { service: treatment, clients: clientsOf(world, 3), ...closed('ENTERED_TREATMENT') });
  await referralsMadeAt(beacon, world, { service: treatment, clients: clientsOf(world, 3, 3), ...closed('LOST_CONTACT') });
}, 120_000);
afterAll(() => beacon.stop());

/** The unsuccessful outcomes a reader can work out from a row: only where its rate and successful are both shown. */
const derivedUnsuccessful = (row: any): number | null =>
  row.successRate === null || row.successful === null || row.successRate === 0 ? null : Math.round(row.successful / row.successRate - row.successful);

describe('success rates under suppression', () => {
  it('withholds the rate beside a small number of unsuccessful outcomes too, so the totals cannot give it away', async () => {
    const result = await report(beacon, await beacon.adminToken(), { from: '2026-01-01', to: '2026-01-31', groupBy: ['CATEGORY'] });
    expect(result.rows.map((r: any) => [r.category, r.referrals, r.successful, r.successRate, r.suppressed])).toEqual([
      ['HOUSING', 6, 4, null, true],
      ['TREATMENT', 6, 3, null, true], // 1/2 would show 3 unsuccessful, and 5 - 3 the withheld 2
    ]);
    expect(result.totals).toMatchObject({ referrals: 12, successful: 7, suppressed: false });
    expect(derivedUnsuccessful(result.totals)).toBe(5);

    // Whatever the totals give away is split over at least two unknown rows.
    const unknown = result.rows.filter((r: any) => derivedUnsuccessful(r) === null);
    expect(unknown.length).not.toBe(1);
  });

  it('withholds the rate of a row whose unsuccessful outcomes are few, whichever filter shows it', async () => {
    const result = await report(beacon, await beacon.adminToken(), { from: '2026-01-01', to: '2026-01-31', groupBy: [], categories: ['HOUSING'] });
    expect(result.rows).toEqual([expect.objectContaining({ category: 'HOUSING', referrals: 6, successful: 4, successRate: null, suppressed: true })]);
    expect(result.totals).toMatchObject({ referrals: 12, successful: 7, suppressed: false });
  });
});
