import type { Beacon } from '../harness/beacon';
import { perturbationTable, perturbedCount } from '../../src/reports/cell-key';
import { aGrant } from '../harness/builders';
import { aReportWorld, clientsOf, COUNTS, exactAndNoisy, keyShifting, referralsMadeAt, report, setClientKeys, setReferralKeys, type ReportWorld } from './builders';

/**
 * Published counts under the default perturbation (REPORT_PERTURBATION unset: 2), against the
 * exact counts of the same database. Threshold 3. Referrals in 2026, clients reused:
 *
 *   Jan  HOUSING 6, EMPLOYMENT 5 (Alder), TREATMENT 4 (Birch), TREATMENT 2 more in Feb
 *   Mar  HOUSING: HOUSED 5 and LOST_CONTACT 4 (all accepted), EMPLOYMENT 4 requested
 *
 * Some record keys are fixed so that tests know their shifts (everything else keeps its random key):
 *   - January's 15 referrals move by +2 and its 9 clients (the whole pool) by -1;
 *   - March's 5 HOUSED referrals (successful) move by -1, its 4 LOST_CONTACT (unsuccessful) by +2.
 */
const Q1 = { from: '2026-01-01', to: '2026-03-31' };
const JAN = { from: '2026-01-01', to: '2026-01-31' };
const MAR = { from: '2026-03-01', to: '2026-03-31' };
const THRESHOLD = 3;
const SHIFTS = { januaryReferrals: 2, januaryClients: -1, successful: -1, unsuccessful: 2 };

let exact: Beacon;
let noisy: Beacon;
let stop: () => Promise<void>;
let world: ReportWorld;
let funder: string;

beforeAll(async () => {
  ({ exact, noisy, stop } = await exactAndNoisy({ SUPPRESSION_THRESHOLD: String(THRESHOLD) }));
  world = await aReportWorld(exact, { clients: 9 });
  const { housing, employment, treatment } = world.services;
  const jan = '2026-01-12T12:00:00-05:00';
  const mar = '2026-03-12T12:00:00-04:00';
  const january = [
    ...(await referralsMadeAt(exact, world, { service: housing, clients: clientsOf(world, 6), at: jan })),
    ...(await referralsMadeAt(exact, world, { service: employment, clients: clientsOf(world, 5, 2), at: jan })),
    ...(await referralsMadeAt(exact, world, { service: treatment, clients: clientsOf(world, 4, 5), at: jan })),
  ];
  await referralsMadeAt(exact, world, { service: treatment, clients: clientsOf(world, 2), at: '2026-02-12T12:00:00-05:00' });
  const housed = await referralsMadeAt(exact, world, { service: housing, clients: clientsOf(world, 5), at: mar, accept: true, outcome: { type: 'HOUSED', daysAfter: 6 } });
  const lostContact = await referralsMadeAt(exact, world, { service: housing, clients: clientsOf(world, 4, 5), at: mar, accept: true, outcome: { type: 'LOST_CONTACT', daysAfter: 12 } });
  await setReferralKeys(exact, january, keyShifting(15, SHIFTS.januaryReferrals));
  await setClientKeys(exact, world.clients.map((c) => c.id), keyShifting(9, SHIFTS.januaryClients));
  await setReferralKeys(exact, housed, keyShifting(5, SHIFTS.successful));
  await setReferralKeys(exact, lostContact, keyShifting(4, SHIFTS.unsuccessful));
  await referralsMadeAt(exact, world, { service: employment, clients: clientsOf(world, 4, 1), at: mar });
  await aGrant(exact, world.admin, world.funderOrg.id, world.agencyA.id, '2026-01-01', '2026-12-31');
  await aGrant(exact, world.admin, world.funderOrg.id, world.agencyB.id, '2026-01-01', '2026-12-31');
  funder = await world.funder.token();
}, 240_000);
afterAll(() => stop());

/** The reports a funder might ask for over this world. */
const INPUTS = [
  { ...Q1, groupBy: ['MONTH', 'CATEGORY'] },
  { ...Q1, groupBy: ['QUARTER', 'ORGANIZATION'] },
  { ...Q1, groupBy: ['CATEGORY', 'OUTCOME_TYPE'] },
  { ...JAN, groupBy: [] },
  { ...MAR, groupBy: ['OUTCOME_TYPE'] },
];

const everyRow = (result: any) => [...result.rows, result.totals];

describe('perturbed counts', () => {
  it('says how far counts may move: 2 by default, 0 with REPORT_PERTURBATION=0', async () => {
    const maxPerturbation = async (beacon: Beacon) =>
      (await beacon.ok(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { maxPerturbation } }`, { input: { ...JAN, groupBy: [] } }, funder)).outcomeReport.maxPerturbation;
    expect(await maxPerturbation(noisy)).toBe(2);
    expect(await maxPerturbation(exact)).toBe(0);
  });

  it('stay within 2 of the exact count, withhold the same cells, and never show a count below the threshold', async () => {
    for (const input of INPUTS) {
      const truth = everyRow(await report(exact, funder, input));
      const shown = everyRow(await report(noisy, funder, input));
      expect(shown.length).toBe(truth.length);
      shown.forEach((row, i) => {
        for (const count of COUNTS) {
          expect([count, row[count] === null]).toEqual([count, truth[i][count] === null]);
          if (row[count] === null) continue;
          expect(Math.abs(row[count] - truth[i][count])).toBeLessThanOrEqual(2);
          if (truth[i][count] === 0) expect(row[count]).toBe(0);
          else expect(row[count]).toBeGreaterThanOrEqual(THRESHOLD);
        }
        expect(row.suppressed).toBe(truth[i].suppressed);
      });
    }
  });

  it('move by the table\'s shift for the sum of the records\' keys: referrals by theirs, clients by the clients\'', async () => {
    const [cell] = await exact.dataSource.query(
      `WITH january AS (SELECT * FROM referral WHERE created_at >= '2026-01-01T05:00:00Z' AND created_at < '2026-02-01T05:00:00Z')
       SELECT (SELECT count(*) FROM january)::int AS referrals, (SELECT sum(record_key) FROM january)::int AS referral_keys,
              (SELECT count(*) FROM client WHERE id IN (SELECT client_id FROM january))::int AS clients,
              (SELECT sum(record_key) FROM client WHERE id IN (SELECT client_id FROM january))::int AS client_keys`,
    );
    expect([cell.referrals, cell.clients]).toEqual([15, 9]);
    const { totals } = await report(noisy, funder, { ...JAN, groupBy: [] });
    expect(totals.referrals).toBe(perturbedCount(15, cell.referral_keys, 2, THRESHOLD));
    expect(totals.uniqueClients).toBe(perturbedCount(cell.clients, cell.client_keys, 2, THRESHOLD));
    // The keys were fixed so that the two shifts are known, non-zero and different: exact counts,
    // or clients moved by the referrals' keys (or the other way round), would give other numbers.
    const table = perturbationTable(2);
    expect([table[cell.referral_keys % 256], table[cell.client_keys % 256]]).toEqual([SHIFTS.januaryReferrals, SHIFTS.januaryClients]);
    expect(totals.referrals).toBe(15 + 2);
    expect(totals.uniqueClients).toBe(9 - 1);
  });

  it('give the same records the same number in every report: asked again, through a filter, or in another table', async () => {
    const first = await report(noisy, funder, INPUTS[0]);
    expect(await report(noisy, funder, INPUTS[0])).toEqual(first);

    const byCategory = await report(noisy, funder, { ...JAN, groupBy: ['CATEGORY'] });
    const housing = byCategory.rows.find((r: any) => r.category === 'HOUSING');
    const filtered = await report(noisy, funder, { ...JAN, groupBy: [], categories: ['HOUSING'] });
    expect(filtered.rows).toEqual([housing]);
    // Alder's HOUSING referrals are the same records as all HOUSING referrals: the same shift in a table by organization too.
    const byOrganization = await report(noisy, funder, { ...JAN, groupBy: ['CATEGORY'], organizationIds: [world.agencyA.id] });
    const alderHousing = byOrganization.rows.find((r: any) => r.category === 'HOUSING');
    for (const count of COUNTS) expect([count, alderHousing[count]]).toEqual([count, housing[count]]);
    // January's rows by month are the same referrals as its rows by category.
    const january = await report(noisy, funder, { ...JAN, groupBy: ['MONTH', 'CATEGORY'] });
    expect(january.rows.map((row: any) => ({ ...row, period: null }))).toEqual(byCategory.rows);

    // Under OUTCOME_TYPE, HOUSED's referrals, accepted, completed and successful are the same five referrals.
    const housed = (await report(noisy, funder, { ...MAR, groupBy: ['OUTCOME_TYPE'] })).rows.find((r: any) => r.outcomeType === 'HOUSED');
    expect(new Set([housed.referrals, housed.accepted, housed.completed, housed.successful]).size).toBe(1);
  });

  it('never change when a filter narrows: the totals and every row shown stay as they were', async () => {
    const whole = await report(noisy, funder, { ...Q1, groupBy: ['MONTH', 'CATEGORY', 'ORGANIZATION'] });
    for (const filter of [{ categories: ['HOUSING'] }, { categories: ['TREATMENT', 'EMPLOYMENT'] }, { organizationIds: [world.agencyB.id] }, { categories: ['HOUSING'], organizationIds: [world.agencyA.id] }]) {
      const narrowed = await report(noisy, funder, { ...Q1, groupBy: ['MONTH', 'CATEGORY', 'ORGANIZATION'], ...filter });
      expect(narrowed.totals).toEqual(whole.totals);
      expect(narrowed.rows.length).toBeGreaterThan(0);
      for (const row of narrowed.rows) {
        expect(whole.rows).toContainEqual(row);
        if (filter.categories) expect(filter.categories).toContain(row.category);
        if (filter.organizationIds) expect(filter.organizationIds).toContain(row.organization.id);
      }
    }
  });

  it('give rates from the perturbed counts: successful / rate - successful is a whole, perturbed count of unsuccessful outcomes', async () => {
    const result = await report(noisy, funder, { ...MAR, groupBy: ['CATEGORY'] });
    const housing = result.rows.find((r: any) => r.category === 'HOUSING');
    expect(housing.suppressed).toBe(false);
    const unsuccessful = housing.successful / housing.successRate - housing.successful;
    expect(Math.abs(unsuccessful - Math.round(unsuccessful))).toBeLessThan(1e-9);
    expect(Math.abs(Math.round(unsuccessful) - 4)).toBeLessThanOrEqual(2);
    expect(Math.round(unsuccessful)).toBeGreaterThanOrEqual(THRESHOLD);
    // March's HOUSING outcomes: 5 successful move by -1 to 4, 4 unsuccessful by +2 to 6 (keys fixed above).
    const [keys] = await exact.dataSource.query(
      `SELECT (sum(record_key) FILTER (WHERE outcome_successful) % 256)::int AS successful, (sum(record_key) FILTER (WHERE NOT outcome_successful) % 256)::int AS unsuccessful
         FROM referral WHERE created_at >= '2026-03-01T05:00:00Z' AND created_at < '2026-04-01T04:00:00Z' AND service_category = 'HOUSING'`,
    );
    const table = perturbationTable(2);
    expect([table[keys.successful], table[keys.unsuccessful]]).toEqual([SHIFTS.successful, SHIFTS.unsuccessful]);
    expect(housing.successful).toBe(5 - 1);
    expect(Math.round(unsuccessful)).toBe(4 + 2);
    expect(housing.successRate).toBe(4 / (4 + 6));
    expect(housing.successRate).not.toBeCloseTo(5 / (5 + 4), 9);
    const exactHousing = (await report(exact, funder, { ...MAR, groupBy: ['CATEGORY'] })).rows.find((r: any) => r.category === 'HOUSING');
    expect(exactHousing.successRate).toBe(5 / 9);
    expect(housing.successRate).not.toBe(exactHousing.successRate);
  });
});
