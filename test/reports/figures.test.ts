import { startBeacon, type Beacon } from '../harness/beacon';
import { aReportWorld, referralsMadeAt, report, type ReportWorld } from './builders';
import { codes, errorOf } from '../harness/errors';

/**
 * Hand-computed figures over a small set of referrals (times in America/New_York, the default
 * zone). The threshold is 2 here, so only counts of 1 would be withheld, and none is: this file
 * checks the arithmetic; suppression.test.ts checks the withholding.
 *
 *   Dec 31 2025 23:30  HOUSING    c1 c2                      (in Q4 2025, outside Q1)
 *   Jan 10 2026        HOUSING    c1 HOUSED +10, c4 HOUSED +20, c2 LOST_CONTACT +30, c3 LOST_CONTACT +40 (all accepted first)
 *                      EMPLOYMENT c3 c4 accepted, no outcome
 *   Mar  5 2026        TREATMENT  c1 ENTERED_TREATMENT +5, c2 ENTERED_TREATMENT +7 (accepted), c3 requested only,
 *                                 c4 entered in error (never counted)
 *   Mar 31 2026 23:30  HOUSING    c1 c2 requested only     (April in UTC, March in New York)
 */
let beacon: Beacon;
let world: ReportWorld;

beforeAll(async () => {
  beacon = await startBeacon({ SUPPRESSION_THRESHOLD: '2', REPORT_PERTURBATION: '0' });
  world = await aReportWorld(beacon, { clients: 4, agencyNames: ['Alder Housing', 'Birch Clinic'] });
  const [c1, c2, c3, c4] = world.clients;
  const { housing, employment, treatment } = world.services;
  const jan10 = '2026-01-10T12:00:00-05:00';
  const mar5 = '2026-03-05T12:00:00-05:00';
  await referralsMadeAt(beacon, world, { service: housing, clients: [c1, c2], at: '2025-12-31T23:30:00-05:00' });
  await referralsMadeAt(beacon, world, { service: housing, clients: [c1], at: jan10, accept: true, outcome: { type: 'HOUSED', daysAfter: 10 } });
  await referralsMadeAt(beacon, world, { service: housing, clients: [c4], at: jan10, accept: true, outcome: { type: 'HOUSED', daysAfter: 20 } });
  await referralsMadeAt(beacon, world, { service: housing, clients: [c2], at: jan10, accept: true, outcome: { type: 'LOST_CONTACT', daysAfter: 30 } });
  await referralsMadeAt(beacon, world, { service: housing, clients: [c3], at: jan10, accept: true, outcome: { type: 'LOST_CONTACT', daysAfter: 40 } });
  await referralsMadeAt(beacon, world, { service: employment, clients: [c3, c4], at: jan10, accept: true });
  await referralsMadeAt(beacon, world, { service: treatment, clients: [c1], at: mar5, accept: true, outcome: { type: 'ENTERED_TREATMENT', daysAfter: 5 } });
  await referralsMadeAt(beacon, world, { service: treatment, clients: [c2], at: mar5, accept: true, outcome: { type: 'ENTERED_TREATMENT', daysAfter: 7 } });
  await referralsMadeAt(beacon, world, { service: treatment, clients: [c3], at: mar5 });
  await referralsMadeAt(beacon, world, { service: treatment, clients: [c4], at: mar5, enteredInError: true });
  await referralsMadeAt(beacon, world, { service: housing, clients: [c1, c2], at: '2026-03-31T23:30:00-04:00' });
}, 120_000);
afterAll(() => beacon.stop());

const Q1 = { from: '2026-01-01', to: '2026-03-31' };

/** [referrals, accepted, completed, successful, successRate, medianDaysToOutcome, uniqueClients] */
type Figures = [number, number, number, number, number | null, number | null, number];
const figures = (row: any): Figures => [
  row.referrals,
  row.accepted,
  row.completed,
  row.successful,
  row.successRate === null ? null : Math.round(row.successRate * 10_000) / 10_000,
  row.medianDaysToOutcome,
  row.uniqueClients,
];
const ZERO: Figures = [0, 0, 0, 0, null, null, 0];
const Q1_TOTALS: Figures = [11, 8, 4, 4, 0.6667, 15, 4];

async function rowsBy(groupBy: string[], extra: Record<string, unknown> = {}) {
  const result = await report(beacon, await beacon.adminToken(), { ...Q1, groupBy, ...extra });
  expect(result.rows.every((r: any) => r.suppressed === false)).toBe(true);
  return result;
}

describe('the outcome report', () => {
  it('by MONTH: every month of the period, an empty one with zeros, days counted in New York time', async () => {
    const result = await rowsBy(['MONTH']);
    expect(result).toMatchObject({ ...Q1, groupBy: ['MONTH'], suppressionThreshold: 2 });
    expect(result.rows.map((r: any) => [r.period, ...figures(r)])).toEqual([
      ['2026-01', 6, 6, 2, 2, 0.5, 25, 4],
      ['2026-02', ...ZERO],
      ['2026-03', 5, 2, 2, 2, 1, 6, 3],
    ]);
    expect(figures(result.totals)).toEqual(Q1_TOTALS);
    expect(result.totals.suppressed).toBe(false);
  });

  it('by QUARTER: labelled 2026-Q1, a quarter with no referrals still there', async () => {
    const result = await rowsBy(['QUARTER'], { from: '2025-10-01', to: '2026-06-30' });
    expect(result.rows.map((r: any) => [r.period, ...figures(r)])).toEqual([
      ['2025-Q4', 2, 0, 0, 0, null, null, 2],
      ['2026-Q1', ...Q1_TOTALS],
      ['2026-Q2', ...ZERO],
    ]);
    expect(figures(result.totals)).toEqual([13, 8, 4, 4, 0.6667, 15, 4]);
  });

  it('by CATEGORY: success rate over recorded outcomes and the median days to the outcome', async () => {
    const result = await rowsBy(['CATEGORY']);
    expect(result.rows.map((r: any) => [r.category, ...figures(r)])).toEqual([
      ['EMPLOYMENT', 2, 2, 0, 0, null, null, 2],
      ['HOUSING', 6, 4, 2, 2, 0.5, 25, 4],
      ['TREATMENT', 3, 2, 2, 2, 1, 6, 3],
    ]);
    expect(figures(result.totals)).toEqual(Q1_TOTALS);
  });

  it('by ORGANIZATION: the receiving organizations, by name', async () => {
    const result = await rowsBy(['ORGANIZATION']);
    expect(result.rows.map((r: any) => [r.organization.name, ...figures(r)])).toEqual([
      ['Alder Housing', 8, 6, 2, 2, 0.5, 25, 4],
      ['Birch Clinic', 3, 2, 2, 2, 1, 6, 3],
    ]);
    expect(result.rows.map((r: any) => r.organization.id)).toEqual([world.agencyA.id, world.agencyB.id]);
  });

  it('by OUTCOME_TYPE: referrals with no outcome yet are a row of their own, so the rows add up to the totals', async () => {
    const result = await rowsBy(['OUTCOME_TYPE']);
    expect(result.rows.map((r: any) => [r.outcomeType, ...figures(r)])).toEqual([
      ['ENTERED_TREATMENT', 2, 2, 2, 2, 1, 6, 2],
      ['HOUSED', 2, 2, 2, 2, 1, 15, 2],
      ['LOST_CONTACT', 2, 2, 0, 0, 0, 35, 2],
      [null, 5, 2, 0, 0, null, null, 4],
    ]);
    const sum = result.rows.reduce((n: number, r: any) => n + r.referrals, 0);
    expect(sum).toBe(result.totals.referrals);
  });

  it('by MONTH and CATEGORY: every month crossed with every category, holes filled with zeros', async () => {
    const result = await rowsBy(['MONTH', 'CATEGORY']);
    expect(result.rows.map((r: any) => [r.period, r.category, ...figures(r)])).toEqual([
      ['2026-01', 'EMPLOYMENT', 2, 2, 0, 0, null, null, 2],
      ['2026-01', 'HOUSING', 4, 4, 2, 2, 0.5, 25, 4],
      ['2026-01', 'TREATMENT', ...ZERO],
      ['2026-02', 'EMPLOYMENT', ...ZERO],
      ['2026-02', 'HOUSING', ...ZERO],
      ['2026-02', 'TREATMENT', ...ZERO],
      ['2026-03', 'EMPLOYMENT', ...ZERO],
      ['2026-03', 'HOUSING', 2, 0, 0, 0, null, null, 2],
      ['2026-03', 'TREATMENT', 3, 2, 2, 2, 1, 6, 3],
    ]);
    expect(figures(result.totals)).toEqual(Q1_TOTALS);
  });

  it('by QUARTER, ORGANIZATION and OUTCOME_TYPE together: the one small cell and its complements are withheld', async () => {
    // Birch's requested-only referral is a cell of 1. Its line across organizations (no outcome)
    // gives up Alder's 4, Birch's own line gives up its 2, and the whole table gives up the
    // smallest remaining cell (Alder HOUSED): each published sum then covers two withheld cells.
    const result = await report(beacon, await beacon.adminToken(), { ...Q1, groupBy: ['QUARTER', 'ORGANIZATION', 'OUTCOME_TYPE'] });
    expect(result.rows.map((r: any) => [r.period, r.organization.name, r.outcomeType, r.referrals, r.suppressed])).toEqual([
      ['2026-Q1', 'Alder Housing', 'HOUSED', null, true],
      ['2026-Q1', 'Alder Housing', 'LOST_CONTACT', 2, false],
      ['2026-Q1', 'Alder Housing', null, null, true],
      ['2026-Q1', 'Birch Clinic', 'ENTERED_TREATMENT', null, true],
      ['2026-Q1', 'Birch Clinic', null, null, true],
    ]);
    expect(figures(result.rows[1])).toEqual([2, 2, 0, 0, 0, 35, 2]);
    expect(figures(result.totals)).toEqual(Q1_TOTALS);
  });

  it('shows only the rows of the categories and organizations asked for, grouping by them; the totals stay the whole scope', async () => {
    const byCategory = await rowsBy([], { categories: ['HOUSING', 'EMPLOYMENT'] });
    expect(byCategory.groupBy).toEqual(['CATEGORY']);
    expect(byCategory.rows.map((r: any) => [r.category, ...figures(r)])).toEqual([
      ['EMPLOYMENT', 2, 2, 0, 0, null, null, 2],
      ['HOUSING', 6, 4, 2, 2, 0.5, 25, 4],
    ]);
    expect(figures(byCategory.totals)).toEqual(Q1_TOTALS);
    const byOrganization = await rowsBy(['CATEGORY'], { organizationIds: [world.agencyB.id] });
    expect(byOrganization.groupBy).toEqual(['CATEGORY', 'ORGANIZATION']);
    expect(byOrganization.rows.map((r: any) => [r.category, r.organization.id, ...figures(r)])).toEqual([['TREATMENT', world.agencyB.id, 3, 2, 2, 2, 1, 6, 3]]);
    expect(figures(byOrganization.totals)).toEqual(Q1_TOTALS);
  });

  it('answers in the same few statements however many organizations its rows name', async () => {
    const admin = await beacon.adminToken();
    const one = await beacon.countStatements(() => report(beacon, admin, { ...Q1, groupBy: ['ORGANIZATION'], organizationIds: [world.agencyB.id] }));
    const two = await beacon.countStatements(() => report(beacon, admin, { ...Q1, groupBy: ['ORGANIZATION', 'OUTCOME_TYPE'] }));
    expect(two).toBe(one);
  });

  it('refuses MONTH with QUARTER, a period that ends before it starts or spans over ten years, naming the field', async () => {
    const admin = await beacon.adminToken();
    const both = await beacon.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { from } }`, { input: { ...Q1, groupBy: ['MONTH', 'QUARTER'] } }, admin);
    expect(codes(both)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(both)?.fields).toEqual([{ field: 'input.groupBy', message: 'must not combine MONTH and QUARTER' }]);
    const backwards = await beacon.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { from } }`, { input: { from: '2026-03-01', to: '2026-02-28', groupBy: [] } }, admin);
    expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(backwards)?.fields).toEqual([{ field: 'input.to', message: 'must not be before from' }]);
    const decade = await beacon.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { from } }`, { input: { from: '2016-01-01', to: '2026-01-31', groupBy: ['MONTH'] } }, admin);
    expect(errorOf(decade)?.fields).toEqual([{ field: 'input.to', message: 'must be at most 10 years after from' }]);
    expect(both.data).toBeNull();
  });

  it('refuses lists longer than their limits, naming the field, and reads nothing', async () => {
    const admin = await beacon.adminToken();
    const refusal = async (extra: Record<string, unknown>) => {
      const response = await beacon.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { from } }`, { input: { ...Q1, groupBy: [], ...extra } }, admin);
      expect(response.data).toBeNull();
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      return errorOf(response)?.fields;
    };
    expect(await refusal({ groupBy: Array(6).fill('CATEGORY') })).toEqual([{ field: 'input.groupBy', message: 'must list at most 5 dimensions' }]);
    expect(await refusal({ categories: Array(11).fill('HOUSING') })).toEqual([{ field: 'input.categories', message: 'must list at most 10 categories' }]);
    const ids = Array.from({ length: 201 }, () => world.agencyA.id);
    expect(await refusal({ organizationIds: ids })).toEqual([{ field: 'input.organizationIds', message: 'must list at most 200 organizations' }]);
    // At the limits the report answers.
    const full = await report(beacon, admin, { ...Q1, groupBy: ['CATEGORY', 'CATEGORY', 'ORGANIZATION', 'OUTCOME_TYPE', 'MONTH'], organizationIds: ids.slice(1) });
    expect(full.rows.every((r: any) => r.organization.id === world.agencyA.id)).toBe(true);
    expect(full.totals.referrals).toBe(11);
  });
});
