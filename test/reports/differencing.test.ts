import type { Beacon } from '../harness/beacon';
import { perturbationTable } from '../../src/reports/cell-key';
import { aGrant } from '../harness/builders';
import { aReportWorld, clientsOf, COUNTS, exactAndNoisy, referralsMadeAt, report, setReferralKeys, type ReportWorld } from './builders';
import { errorOf } from '../harness/errors';

/**
 * A funder trying to recover withheld counts by subtracting one published figure from another.
 * Threshold 3, so counts of 1 and 2 are withheld. The funder holds a 2026 grant for both
 * agencies (Alder: HOUSING, EMPLOYMENT; Birch: TREATMENT). Referrals in 2026:
 *
 *   Jan  HOUSING 5, EMPLOYMENT 4, TREATMENT 2 (withheld)              11
 *   Feb  HOUSING 2 (withheld)                                           2
 *   Mar  HOUSING 3, EMPLOYMENT 3                                        6
 *   Apr  HOUSED 4 (HOUSING), EMPLOYED 2 (EMPLOYMENT, withheld),
 *        LOST_CONTACT 3 (HOUSING), no outcome 3 (TREATMENT)            12
 *
 * Each attack is run as the funder would run it, and must not give back the withheld number.
 */
const JAN = { from: '2026-01-01', to: '2026-01-31' };
const APR = { from: '2026-04-01', to: '2026-04-30' };
const SUCCESSFUL_TYPES = ['HOUSED', 'EMPLOYED', 'ENROLLED_IN_EDUCATION', 'ENTERED_TREATMENT', 'COMPLETED_TREATMENT', 'SERVICE_RECEIVED'];

let exact: Beacon;
let noisy: Beacon;
let stop: () => Promise<void>;
let world: ReportWorld;
let funder: string;
const byMonth: Record<string, string[]> = {};

beforeAll(async () => {
  ({ exact, noisy, stop } = await exactAndNoisy({ SUPPRESSION_THRESHOLD: '3' }));
  world = await aReportWorld(exact, { clients: 8 });
  const { housing, employment, treatment } = world.services;
  const made = async (month: string, ...specs: Omit<Parameters<typeof referralsMadeAt>[2], 'at'>[]) => {
    for (const spec of specs) (byMonth[month] ??= []).push(...(await referralsMadeAt(exact, world, { ...spec, at: `${month}-10T12:00:00-05:00` })));
  };
  await made('2026-01', { service: housing, clients: clientsOf(world, 5) }, { service: employment, clients: clientsOf(world, 4) }, { service: treatment, clients: clientsOf(world, 2) });
  await made('2026-02', { service: housing, clients: clientsOf(world, 2, 5) });
  await made('2026-03', { service: housing, clients: clientsOf(world, 3) }, { service: employment, clients: clientsOf(world, 3, 3) });
  await made(
    '2026-04',
    { service: housing, clients: clientsOf(world, 4), accept: true, outcome: { type: 'HOUSED', daysAfter: 5 } },
    { service: employment, clients: clientsOf(world, 2, 4), accept: true, outcome: { type: 'EMPLOYED', daysAfter: 9 } },
    { service: housing, clients: clientsOf(world, 3, 5), accept: true, outcome: { type: 'LOST_CONTACT', daysAfter: 20 } },
    { service: treatment, clients: clientsOf(world, 3) },
  );
  await aGrant(exact, world.admin, world.funderOrg.id, world.agencyA.id, '2026-01-01', '2026-12-31');
  await aGrant(exact, world.admin, world.funderOrg.id, world.agencyB.id, '2026-01-01', '2026-12-31');
  funder = await world.funder.token();
}, 240_000);
afterAll(() => stop());

describe('differencing attacks on the outcome report', () => {
  it('(a) totals for [HOUSING, TREATMENT] minus totals for [HOUSING] no longer give the withheld TREATMENT count: the totals are the same', async () => {
    for (const beacon of [exact, noisy]) {
      for (const groupBy of [[], ['CATEGORY']]) {
        const withTreatment = await report(beacon, funder, { ...JAN, groupBy, categories: ['HOUSING', 'TREATMENT'] });
        const housingOnly = await report(beacon, funder, { ...JAN, groupBy, categories: ['HOUSING'] });
        expect(withTreatment.totals.referrals - housingOnly.totals.referrals).toBe(0); // it was 7 - 5 = 2
        expect(withTreatment.totals).toEqual(housingOnly.totals);
        expect(withTreatment.rows.map((r: any) => [r.category, r.referrals === null])).toEqual([['HOUSING', false], ['TREATMENT', true]]);
        expect(housingOnly.rows).toEqual([withTreatment.rows[0]]);
      }
    }
    expect((await report(exact, funder, { ...JAN, groupBy: [], categories: ['HOUSING'] })).totals.referrals).toBe(11);
  });

  it('(b) moving `to` (or `from`) one day at a time is refused: periods are whole months', async () => {
    for (const to of ['2026-01-09', '2026-01-10', '2026-01-11']) {
      const response = await noisy.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { totals { referrals } } }`, { input: { from: '2026-01-01', to, groupBy: [] } }, funder);
      expect(response.data).toBeNull();
      expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.to', message: 'must be the last day of a month' }] });
    }
    const from = await noisy.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { totals { referrals } } }`, { input: { from: '2026-01-10', to: '2026-01-31', groupBy: [] } }, funder);
    expect(errorOf(from)?.fields).toEqual([{ field: 'input.from', message: 'must be the first day of a month' }]);
  });

  it('(c) a quarter minus its shown months is off the withheld month by the shifts, which no funder can know', async () => {
    // The records' keys are the world's hidden randomness. Here they are fixed so that the test
    // knows the shifts: every key 0, and one referral of each month given a key of its own,
    // chosen so that the shifts do not happen to cancel out.
    const table = perturbationTable(2);
    const shift = (key: number) => table[key % 256];
    let keys: [number, number, number] | undefined;
    for (let j = 0; j < 16 && !keys; j++) for (let f = 0; f < 16 && !keys; f++) for (let m = 0; m < 16 && !keys; m++) {
      if (shift(j + f + m) - shift(j) - shift(m) !== 0) keys = [j, f, m];
    }
    const [jan, feb, mar] = keys!;
    await setReferralKeys(exact, [...byMonth['2026-01'], ...byMonth['2026-02'], ...byMonth['2026-03']], 0);
    await setReferralKeys(exact, [byMonth['2026-01'][0]], jan);
    await setReferralKeys(exact, [byMonth['2026-02'][0]], feb);
    await setReferralKeys(exact, [byMonth['2026-03'][0]], mar);

    const total = async (beacon: Beacon, from: string, to: string) => (await report(beacon, funder, { from, to, groupBy: [] })).totals.referrals as number;
    // With exact counts the attack works: 19 - 11 - 6 gives February's withheld 2.
    expect((await report(exact, funder, { from: '2026-02-01', to: '2026-02-28', groupBy: [] })).totals.referrals).toBeNull();
    expect((await total(exact, '2026-01-01', '2026-03-31')) - (await total(exact, '2026-01-01', '2026-01-31')) - (await total(exact, '2026-03-01', '2026-03-31'))).toBe(2);

    const quarter = (await report(noisy, funder, { from: '2026-01-01', to: '2026-03-31', groupBy: ['QUARTER'] })).rows[0].referrals;
    const months = await report(noisy, funder, { from: '2026-01-01', to: '2026-03-31', groupBy: ['MONTH'] });
    // In one report, February's withheld cell takes March's with it.
    expect(months.rows.map((r: any) => r.referrals === null)).toEqual([false, true, true]);
    const january = months.rows[0].referrals;
    const march = await total(noisy, '2026-03-01', '2026-03-31');
    expect(january).toBe(await total(noisy, '2026-01-01', '2026-01-31'));
    const derived = quarter - january - march;
    expect(derived).not.toBe(2);
    expect(derived).toBe(2 + shift(jan + feb + mar) - shift(jan) - shift(mar));
  });

  it('(d) inside one OUTCOME_TYPE report, the totals\' successful minus the HOUSED row does not give the withheld EMPLOYED row', async () => {
    for (const beacon of [exact, noisy]) {
      const result = await report(beacon, funder, { ...APR, groupBy: ['OUTCOME_TYPE'] });
      const row = (type: string | null) => result.rows.find((r: any) => r.outcomeType === type);
      expect(result.totals).toMatchObject({ suppressed: false });
      expect(row('EMPLOYED')).toMatchObject({ referrals: null, completed: null, successful: null, uniqueClients: null, suppressed: true });
      // HOUSED's referrals, completed and successful are the same referrals: all withheld with its successful.
      expect(row('HOUSED')).toMatchObject({ referrals: null, accepted: null, completed: null, successful: null, suppressed: true });
      // Whatever a reader subtracts from the totals' successful, two successful rows stay unknown.
      const unknown = result.rows.filter((r: any) => SUCCESSFUL_TYPES.includes(r.outcomeType) && COUNTS.every((c) => r[c] === null));
      expect(unknown.map((r: any) => r.outcomeType).sort()).toEqual(['EMPLOYED', 'HOUSED']);
    }
    const exactTotals = (await report(exact, funder, { ...APR, groupBy: ['OUTCOME_TYPE'] })).totals;
    expect(exactTotals).toMatchObject({ referrals: 12, successful: 6, completed: 6 });
  });
});
