import { startBeacon, type Beacon } from '../harness/beacon';
import { aFunder, aGrant } from '../harness/builders';
import { aReportWorld, OUTCOME_REPORT, type ReportWorld } from './builders';
import { codes, errorOf } from '../harness/errors';

/**
 * The funders' hourly report limit (FUNDER_REPORTS_PER_HOUR, here 3): averaging many overlapping
 * reports is the residual risk of perturbed figures, so a funder may not ask without end.
 */
let beacon: Beacon;
let world: ReportWorld;

const INPUT = { from: '2026-01-01', to: '2026-03-31', groupBy: ['MONTH'] };
const CSV = 'from=2026-01-01&to=2026-03-31&groupBy=MONTH';

beforeAll(async () => {
  beacon = await startBeacon({ FUNDER_REPORTS_PER_HOUR: '3' });
  world = await aReportWorld(beacon, { clients: 1 });
  await aGrant(beacon, world.admin, world.funderOrg.id, world.agencyA.id, '2026-01-01');
}, 120_000);
afterAll(() => beacon.stop());

const csv = (token: string) => fetch(`${beacon.url}/reports/outcomes.csv?${CSV}`, { headers: { authorization: `Bearer ${token}` } });
const reportEvents = () =>
  beacon.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'outcomeReport'`).then(([row]) => row.n as number);

it('a funder gets three reports an hour, GraphQL and CSV together, then RATE_LIMITED for the rest of the hour', async () => {
  const token = await world.funder.token();
  expect((await beacon.gql(OUTCOME_REPORT, { input: INPUT }, token)).errors).toBeUndefined();
  expect((await csv(token)).status).toBe(200);
  expect((await beacon.gql(OUTCOME_REPORT, { input: INPUT }, token)).errors).toBeUndefined();
  const audited = await reportEvents();

  const refused = await beacon.gql(OUTCOME_REPORT, { input: INPUT }, token);
  expect(refused.data).toBeNull();
  expect(errorOf(refused)).toMatchObject({ code: 'RATE_LIMITED' });
  expect(errorOf(refused)?.retryAfterSeconds).toBeGreaterThan(3600 - 120);
  expect(errorOf(refused)?.retryAfterSeconds).toBeLessThanOrEqual(3600);

  const refusedCsv = await csv(token);
  expect(refusedCsv.status).toBe(429);
  expect(Number(refusedCsv.headers.get('retry-after'))).toBeGreaterThan(3600 - 120);
  expect(codes(JSON.parse(await refusedCsv.text()))).toEqual(['RATE_LIMITED']);
  // A refused report reads nothing and is not recorded as one.
  expect(await reportEvents()).toBe(audited);
});

it('a refused input costs nothing: a report asked with a bad period does not count', async () => {
  const funder = await aFunder(beacon, world.admin, world.funderOrg.id);
  const token = await funder.token();
  for (let i = 0; i < 5; i++) {
    const refused = await beacon.gql(OUTCOME_REPORT, { input: { ...INPUT, from: '2026-01-02' } }, token);
    expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.from' }] });
  }
  for (let i = 0; i < 3; i++) expect((await beacon.gql(OUTCOME_REPORT, { input: INPUT }, token)).errors).toBeUndefined();
});

it('another funder has a quota of their own, and admins are not counted', async () => {
  const colleague = await aFunder(beacon, world.admin, world.funderOrg.id);
  const token = await colleague.token();
  for (let i = 0; i < 3; i++) expect((await beacon.gql(OUTCOME_REPORT, { input: INPUT }, token)).errors).toBeUndefined();
  for (let i = 0; i < 5; i++) expect((await beacon.gql(OUTCOME_REPORT, { input: INPUT }, world.admin)).errors).toBeUndefined();
});
