import { startBeacon, type Beacon } from '../harness/beacon';
import { aGrant } from '../harness/builders';
import { aReportWorld, referralsMadeAt, type ReportWorld } from './builders';
import { badFields, errorOf } from '../harness/errors';

/**
 * GET /reports/outcomes.csv over January and February 2026. The agencies' names start with
 * characters a spreadsheet would run as a formula. Birch received 2 referrals (one accepted,
 * ENTERED_TREATMENT 3 days on), the other agency 3 (two accepted, HOUSED 4 and 6 days on).
 * Threshold 2: Birch's single acceptance is withheld, and with it the other agency's.
 */
const FORMULA_NAME = '=SUM(1+1) Housing';
const COMMA_NAME = '-Birch Clinic, "East"';

let beacon: Beacon;
let world: ReportWorld;

beforeAll(async () => {
  beacon = await startBeacon({ SUPPRESSION_THRESHOLD: '2', REPORT_PERTURBATION: '0' });
  world = await aReportWorld(beacon, { clients: 3, agencyNames: [FORMULA_NAME, COMMA_NAME] });
  const at = '2026-01-10T12:00:00-05:00';
  const [c1, c2, c3] = world.clients;
  const { housing, treatment } = world.services;
  await referralsMadeAt(beacon, world, { service: housing, clients: [c1], at, accept: true, outcome: { type: 'HOUSED', daysAfter: 4 } });
  await referralsMadeAt(beacon, world, { service: housing, clients: [c2], at, accept: true, outcome: { type: 'HOUSED', daysAfter: 6 } });
  await referralsMadeAt(beacon, world, { service: housing, clients: [c3], at });
  await referralsMadeAt(beacon, world, { service: treatment, clients: [c1], at, accept: true, outcome: { type: 'ENTERED_TREATMENT', daysAfter: 3 } });
  await referralsMadeAt(beacon, world, { service: treatment, clients: [c2], at });
  await aGrant(beacon, world.admin, world.funderOrg.id, world.agencyA.id, '2026-01-01');
}, 120_000);
afterAll(() => beacon.stop());

const QUERY = 'from=2026-01-01&to=2026-02-28&groupBy=MONTH&groupBy=ORGANIZATION';

async function download(query: string, token?: string) {
  const response = await fetch(`${beacon.url}/reports/outcomes.csv?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function refusal(query: string, token?: string) {
  const response = await download(query, token);
  const body = JSON.parse(response.text);
  return { status: response.status, body, error: errorOf(body) ?? {} };
}

describe('the outcome report as CSV', () => {
  it('has a header row and one line per row, withheld cells empty, formulas escaped, as an attachment', async () => {
    const { status, headers, text } = await download(QUERY, await beacon.adminToken());
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe('attachment; filename="outcomes-2026-01-01-2026-02-28.csv"');
    const birch = world.agencyB.id;
    const other = world.agencyA.id;
    expect(text.trimEnd().split('\n')).toEqual([
      'period,organizationId,organization,referrals,accepted,completed,successful,successRate,medianDaysToOutcome,uniqueClients,suppressed,maxPerturbation',
      `2026-01,${birch},"'-Birch Clinic, ""East""",2,,,,,,2,true,0`,
      `2026-01,${other},'=SUM(1+1) Housing,3,,,,,5,3,true,0`,
      `2026-02,${birch},"'-Birch Clinic, ""East""",0,0,0,0,,,0,false,0`,
      `2026-02,${other},'=SUM(1+1) Housing,0,0,0,0,,,0,false,0`,
    ]);
  });

  it('takes comma-separated lists and filters like the query: a funder gets their grantee only', async () => {
    const { status, text } = await download('from=2026-01-01&to=2026-01-31&groupBy=CATEGORY,OUTCOME_TYPE&categories=HOUSING,TREATMENT', await world.funder.token());
    expect(status).toBe(200);
    expect(text.trimEnd().split('\n')).toEqual([
      'category,outcomeType,referrals,accepted,completed,successful,successRate,medianDaysToOutcome,uniqueClients,suppressed,maxPerturbation',
      // The lone requested-only referral is withheld, and so is the HOUSED row beside it, wholly.
      'HOUSING,HOUSED,,,,,,,,true,0',
      'HOUSING,,,0,0,0,,,,true,0',
    ]);
  });

  it('refuses like the query: anonymous 401, other roles 403, an organization outside the grants 403', async () => {
    expect(await refusal(QUERY)).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
    expect(await refusal(QUERY, 'not-a-token')).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
    for (const person of [world.people.coach, world.people.supervisor, world.people.agencyStaff]) {
      expect(await refusal(QUERY, await person.token())).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    }
    const outside = await refusal(`${QUERY}&organizationIds=${world.agencyB.id}`, await world.funder.token());
    expect(outside).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
  });

  it('answers bad parameters with BAD_USER_INPUT naming each one', async () => {
    const admin = await beacon.adminToken();
    const missing = await refusal('groupBy=WEEK', admin);
    expect(missing.status).toBe(400);
    expect(missing.error.code).toBe('BAD_USER_INPUT');
    expect(badFields(missing.body)).toEqual(['from', 'groupBy', 'to']);
    const both = await refusal('from=2026-01-01&to=2026-02-30&groupBy=MONTH&groupBy=QUARTER', admin);
    expect(both.error.fields).toEqual([{ field: 'to', message: 'must be a day, YYYY-MM-DD' }]);
    const periods = await refusal('from=2026-01-01&to=2026-03-31&groupBy=MONTH&groupBy=QUARTER', admin);
    expect(periods.error.fields).toEqual([{ field: 'groupBy', message: 'must not combine MONTH and QUARTER' }]);
    const ids = await refusal('from=2026-01-01&to=2026-02-28&organizationIds=nope', admin);
    expect(ids.error.fields).toEqual([{ field: 'organizationIds', message: 'must each be an id' }]);
  });

  it('refuses lists longer than the query\'s limits, naming the parameter', async () => {
    const admin = await beacon.adminToken();
    const base = 'from=2026-01-01&to=2026-02-28';
    const groupBy = await refusal(`${base}&groupBy=${Array(6).fill('MONTH').join(',')}`, admin);
    expect(groupBy).toMatchObject({ status: 400, error: { code: 'BAD_USER_INPUT', fields: [{ field: 'groupBy', message: 'must list at most 5 dimensions' }] } });
    const categories = await refusal(`${base}&categories=${Array(11).fill('HOUSING').join(',')}`, admin);
    expect(categories.error.fields).toEqual([{ field: 'categories', message: 'must list at most 10 categories' }]);
    const organizations = await refusal(`${base}&organizationIds=${Array(201).fill(world.agencyA.id).join(',')}`, admin);
    expect(organizations.error.fields).toEqual([{ field: 'organizationIds', message: 'must list at most 200 organizations' }]);
  });
});
