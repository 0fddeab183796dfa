import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aGrant } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { badFields, codes, errorOf } from '../harness/errors';
import { OUTCOME_REPORT } from '../../bench/operations';
import { assessed, figuresOf, RECOVERY_CAPITAL_REPORT, recoveryReport, type Taken } from './report-builders';

/**
 * The recovery capital report's figures, hand-computed with exact counts (REPORT_PERTURBATION=0)
 * and threshold 2. Clients of the coach's organization P and of the other peer organization Q,
 * first assessed in the first quarter of 2026 (change = latest total - first total):
 *
 *   P1  Jan 05: 20 ... Mar 10: 30                 +10
 *   P2  Jan 20: 30, Feb 01: 25, Mar 01: 34         +4   (the one between counts for nothing)
 *   Q1  Jan 08: 22 ... Feb 08: 30                  +8
 *   Q2  Jan 25: 50 ... Mar 01: 44                  -6
 *   P3  Feb 03: 40 ... Feb 20: 40                   0   (not improved)
 *   P4  Feb 10: 35 ... Apr 15: 29                  -6   (the latest may fall after the period)
 *   P7  Feb 15: 20 at 10:00, Feb 15: 26 at 11:00   +6   (same day: the later recorded is the latest;
 *                                                        written first, so table order would say -6)
 *   Q3  Feb 12: 15 ... Mar 25: 27                 +12
 * Left out: P5 (a single assessment, Jan 10) and P6 (first Dec 20 2025, again Jan 15 2026).
 *
 *   MONTH    Jan: 4 clients, 3 improved, 16/4 = 4.0   Feb: 4, 2, 12/4 = 3.0   Mar: none
 *   ORG      P: 5 clients, 3 improved, 14/5 = 2.8     Q: 3, 2, 14/3 = 4.7
 *   totals   8 clients, 5 improved, 28/8 = 3.5
 */
let beacon: Beacon;
let w: CaseloadWorld;

const Q1 = { from: '2026-01-01', to: '2026-03-31' };

beforeAll(async () => {
  beacon = await startBeacon({ REPORT_PERTURBATION: '0', SUPPRESSION_THRESHOLD: '2' });
  w = await aCaseloadWorld(beacon);
  const ofP = async (taken: Taken[]) => assessed(beacon, (await aClient(beacon, await w.coach.token())).id, w.coach.id, taken);
  const ofQ = async (taken: Taken[]) => assessed(beacon, (await aClient(beacon, await w.otherOrgCoach.token())).id, w.otherOrgCoach.id, taken);
  await ofP([['2026-01-05', 20], ['2026-03-10', 30]]);
  await ofP([['2026-01-20', 30], ['2026-02-01', 25], ['2026-03-01', 34]]);
  await ofQ([['2026-01-08', 22], ['2026-02-08', 30]]);
  await ofQ([['2026-01-25', 50], ['2026-03-01', 44]]);
  await ofP([['2026-02-03', 40], ['2026-02-20', 40]]);
  await ofP([['2026-04-15', 29], ['2026-02-10', 35]]);
  await ofP([['2026-02-15', 26, '2026-02-15T11:00:00Z'], ['2026-02-15', 20, '2026-02-15T10:00:00Z']]);
  await ofQ([['2026-02-12', 15], ['2026-03-25', 27]]);
  await ofP([['2026-01-10', 33]]);
  await ofP([['2025-12-20', 18], ['2026-01-15', 40]]);
  await aGrant(beacon, w.admin, w.funder.organizationId!, w.peer.id, '2025-01-01');
  await aGrant(beacon, w.admin, w.funder.organizationId!, w.otherPeer.id, '2025-01-01');
}, 120_000);
afterAll(() => beacon.stop());

const row = (period: string | null, organizationId: string | null, clients: number, meanChange: number | null, improved: number, suppressed = false) => ({
  period,
  organizationId,
  clients,
  meanChange,
  improved,
  suppressed,
});

describe('the recovery capital report', () => {
  it('groups clients by the month of their first assessment: count, mean change from first to latest, and how many improved', async () => {
    const report = await recoveryReport(beacon, await w.funder.token(), { ...Q1, groupBy: ['MONTH'] });
    expect(report).toMatchObject({ from: '2026-01-01', to: '2026-03-31', groupBy: ['MONTH'], suppressionThreshold: 2, maxPerturbation: 0 });
    expect(report.rows.map(figuresOf)).toEqual([row('2026-01', null, 4, 4, 3), row('2026-02', null, 4, 3, 2), row('2026-03', null, 0, null, 0)]);
    expect(figuresOf(report.totals)).toEqual(row(null, null, 8, 3.5, 5));
  });

  it('groups by quarter and by the clients own organization', async () => {
    const token = await w.funder.token();
    const byQuarter = await recoveryReport(beacon, token, { ...Q1, groupBy: ['QUARTER'] });
    expect(byQuarter.rows.map(figuresOf)).toEqual([row('2026-Q1', null, 8, 3.5, 5)]);
    const byOrganization = await recoveryReport(beacon, token, { ...Q1, groupBy: ['ORGANIZATION'] });
    const expected = [row(null, w.peer.id, 5, 2.8, 3), row(null, w.otherPeer.id, 3, 4.7, 2)];
    expect(byOrganization.rows.map(figuresOf)).toEqual(expect.arrayContaining(expected));
    expect(byOrganization.rows).toHaveLength(2);
  });

  it('counts only clients whose first assessment falls in the period', async () => {
    const february = await recoveryReport(beacon, await w.funder.token(), { from: '2026-02-01', to: '2026-03-31', groupBy: ['MONTH'] });
    expect(february.rows.map(figuresOf)).toEqual([row('2026-02', null, 4, 3, 2), row('2026-03', null, 0, null, 0)]);
    // P6 belongs to December 2025, its first assessment's month (a single client: withheld, where a zero would show),
    // and not to January, where its second assessment falls (the first test's January has four clients, not five).
    const december = await recoveryReport(beacon, await w.funder.token(), { from: '2025-12-01', to: '2025-12-31', groupBy: [] });
    expect(figuresOf(december.totals)).toEqual({ period: null, organizationId: null, clients: null, meanChange: null, improved: null, suppressed: true });
  });

  it('rounds a mean change ending in a half away from zero: changes -2, -2, -2, -3 give -9/4 = -2.25, shown as -2.3', async () => {
    for (const latest of [28, 28, 28, 27]) {
      await assessed(beacon, (await aClient(beacon, await w.coach.token())).id, w.coach.id, [['2026-05-04', 30], ['2026-06-08', latest]]);
    }
    const may = await recoveryReport(beacon, await w.funder.token(), { from: '2026-05-01', to: '2026-05-31', groupBy: [] });
    expect(figuresOf(may.totals)).toEqual(row(null, null, 4, -2.3, 0));
  });

  it('refuses other dimensions, mixed period grains and partial months, naming the field', async () => {
    const token = await w.funder.token();
    for (const groupBy of [['CATEGORY'], ['OUTCOME_TYPE'], ['MONTH', 'QUARTER']]) {
      const refused = await beacon.gql(RECOVERY_CAPITAL_REPORT, { input: { ...Q1, groupBy } }, token);
      expect(badFields(refused)).toEqual(['input.groupBy']);
    }
    const partial = await beacon.gql(RECOVERY_CAPITAL_REPORT, { input: { from: '2026-01-02', to: '2026-03-30', groupBy: ['MONTH'] } }, token);
    expect(badFields(partial)).toEqual(['input.from', 'input.to']);
  });

  it('writes an audit event with its parameters for every report, GraphQL and CSV', async () => {
    const events = () => beacon.dataSource.query(`SELECT actor_id, entity_type, details FROM audit_event WHERE action = 'recoveryCapitalReport' ORDER BY at, id`);
    const before = (await events()).length;
    const token = await w.funder.token();
    await recoveryReport(beacon, token, { ...Q1, groupBy: ['MONTH'], organizationIds: [w.peer.id] });
    await fetch(`${beacon.url}/reports/recovery-capital.csv?from=2026-01-01&to=2026-03-31&groupBy=QUARTER`, { headers: { authorization: `Bearer ${token}` } });
    expect((await events()).slice(before)).toEqual([
      { actor_id: w.funder.id, entity_type: 'RecoveryCapitalReport', details: { via: 'graphql', ...Q1, groupBy: ['MONTH'], organizationIds: [w.peer.id] } },
      { actor_id: w.funder.id, entity_type: 'RecoveryCapitalReport', details: { via: 'csv', ...Q1, groupBy: ['QUARTER'], organizationIds: null } },
    ]);
  });
});

describe('the recovery capital report as CSV', () => {
  const download = async (query: string, token?: string) => {
    const response = await fetch(`${beacon.url}/reports/recovery-capital.csv?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  it('has a header row and a line per row, the organization by id and name, as an attachment', async () => {
    const { status, headers, text } = await download('from=2026-01-01&to=2026-03-31&groupBy=ORGANIZATION', await beacon.adminToken());
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe('attachment; filename="recovery-capital-2026-01-01-2026-03-31.csv"');
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header).toBe('organizationId,organization,clients,meanChange,improved,suppressed,maxPerturbation');
    const names = await beacon.dataSource.query(`SELECT id, name FROM organization WHERE id = ANY($1::uuid[])`, [[w.peer.id, w.otherPeer.id]]);
    const name = (id: string) => names.find((o: { id: string }) => o.id === id).name;
    expect(lines.sort()).toEqual([`${w.peer.id},${name(w.peer.id)},5,2.8,3,false,0`, `${w.otherPeer.id},${name(w.otherPeer.id)},3,4.7,2,false,0`].sort());
  });

  it('leaves withheld figures empty', async () => {
    // By month and organization, February's Q3 is a single client: withheld, and with it the
    // complements of its lines (P in February, Q in January), then P in January beside Q.
    const { text } = await download('from=2026-01-01&to=2026-02-28&groupBy=MONTH,ORGANIZATION', await beacon.adminToken());
    const lines = text.trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.endsWith(',,,,true,0')).toBe(true);
  });

  it('refuses like the query: anonymous 401, a coach 403, another dimension 400 naming the parameter', async () => {
    const query = 'from=2026-01-01&to=2026-03-31&groupBy=MONTH';
    expect((await download(query)).status).toBe(401);
    const coach = await download(query, await w.coach.token());
    expect(coach.status).toBe(403);
    expect(codes(JSON.parse(coach.text))).toEqual(['FORBIDDEN']);
    const category = await download('from=2026-01-01&to=2026-03-31&groupBy=CATEGORY', await w.funder.token());
    expect(category.status).toBe(400);
    expect(badFields(JSON.parse(category.text))).toEqual(['groupBy']);
  });
});

describe("the funders' hourly report quota", () => {
  let limited: Beacon;
  afterAll(() => limited?.stop());

  it('is shared with the outcome report, and the CSV answers 429 with Retry-After once it is spent', async () => {
    limited = await startBeacon({ FUNDER_REPORTS_PER_HOUR: '3' });
    const world = await aCaseloadWorld(limited);
    await aGrant(limited, world.admin, world.funder.organizationId!, world.peer.id, '2026-01-01');
    const token = await world.funder.token();
    const input = { ...Q1, groupBy: ['MONTH'] };
    expect((await limited.gql(OUTCOME_REPORT, { input }, token)).errors).toBeUndefined();
    expect((await limited.gql(RECOVERY_CAPITAL_REPORT, { input }, token)).errors).toBeUndefined();
    const csv = () => fetch(`${limited.url}/reports/recovery-capital.csv?from=2026-01-01&to=2026-03-31&groupBy=MONTH`, { headers: { authorization: `Bearer ${token}` } });
    expect((await csv()).status).toBe(200);

    expect(errorOf(await limited.gql(RECOVERY_CAPITAL_REPORT, { input }, token))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(errorOf(await limited.gql(OUTCOME_REPORT, { input }, token))).toMatchObject({ code: 'RATE_LIMITED' });
    const refused = await csv();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3600 - 120);
    expect(codes(JSON.parse(await refused.text()))).toEqual(['RATE_LIMITED']);
  }, 60_000);
});
