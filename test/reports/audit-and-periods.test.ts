import { startBeacon, type Beacon } from '../harness/beacon';
import { ReportRecordKeys1764000005200 } from '../../src/db/migrations/1764000005200-ReportRecordKeys';
import { aGrant } from '../harness/builders';
import { aReportWorld, OUTCOME_REPORT, referralsMadeAt, report, type ReportWorld } from './builders';
import { codes, errorOf } from '../harness/errors';

/**
 * What every report leaves behind (an audit event with its parameters) and what periods it
 * accepts (whole months, whole quarters under QUARTER), through GraphQL and the CSV; and the
 * record keys the perturbation is computed from. Three HOUSING and two TREATMENT referrals in
 * January 2026; the funder holds a grant for Alder (HOUSING).
 */
let beacon: Beacon;
let world: ReportWorld;
let funder: string;

beforeAll(async () => {
  beacon = await startBeacon({ SUPPRESSION_THRESHOLD: '2' });
  world = await aReportWorld(beacon, { clients: 3 });
  const at = '2026-01-10T12:00:00-05:00';
  await referralsMadeAt(beacon, world, { service: world.services.housing, clients: world.clients, at });
  await referralsMadeAt(beacon, world, { service: world.services.treatment, clients: world.clients.slice(0, 2), at });
  await aGrant(beacon, world.admin, world.funderOrg.id, world.agencyA.id, '2026-01-01', '2026-12-31');
  funder = await world.funder.token();
}, 120_000);
afterAll(() => beacon.stop());

const reportEvents = (): Promise<{ actor_id: string; entity_type: string; request_id: string | null; correlation_id: string | null; details: Record<string, unknown> }[]> =>
  beacon.dataSource.query(`SELECT actor_id, entity_type, request_id, correlation_id, details FROM audit_event WHERE action = 'outcomeReport' ORDER BY at, id`);

const csv = (query: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${beacon.url}/reports/outcomes.csv?${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

/** The report through GraphQL, with headers of the test's choosing (beacon.gql sends none). */
const reportWith = (input: Record<string, unknown>, token: string, headers: Record<string, string>) =>
  fetch(`${beacon.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: OUTCOME_REPORT, variables: { input } }),
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const fieldsOf = async (input: Record<string, unknown>) => {
  const response = await beacon.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { from } }`, { input }, funder);
  expect(response.data).toBeNull();
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  return errorOf(response)?.fields;
};

describe('every outcome report is audited with its parameters', () => {
  it('through GraphQL and through the CSV, one event each, by the funder, naming what was asked', async () => {
    const before = (await reportEvents()).length;
    // Each request carries an X-Request-Id of the caller's: the events keep it as the correlation id,
    // beside the server's own id (the response's X-Request-Id), never in its place.
    const graphql = await reportWith(
      { from: '2026-01-01', to: '2026-03-31', groupBy: ['MONTH', 'MONTH'], categories: ['HOUSING'], organizationIds: [world.agencyA.id.toUpperCase()] },
      funder,
      { 'x-request-id': 'report-test:graphql.1' },
    );
    expect(graphql.status).toBe(200);
    const body = (await graphql.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.outcomeReport.from).toBe('2026-01-01');
    const response = await csv('from=2026-01-01&to=2026-06-30&groupBy=QUARTER,OUTCOME_TYPE', funder, { 'x-request-id': 'report-test:csv.2' });
    expect(response.status).toBe(200);
    const graphqlId = graphql.headers.get('x-request-id');
    const csvId = response.headers.get('x-request-id');
    expect(graphqlId).toMatch(UUID);
    expect(csvId).toMatch(UUID);
    expect(csvId).not.toBe(graphqlId);
    expect([graphql.headers.get('x-correlation-id'), response.headers.get('x-correlation-id')]).toEqual(['report-test:graphql.1', 'report-test:csv.2']);

    const events = (await reportEvents()).slice(before);
    expect(events).toEqual([
      {
        actor_id: world.funder.id,
        entity_type: 'OutcomeReport',
        request_id: expect.any(String),
        correlation_id: 'report-test:graphql.1',
        details: { via: 'graphql', from: '2026-01-01', to: '2026-03-31', groupBy: ['MONTH'], categories: ['HOUSING'], organizationIds: [world.agencyA.id] },
      },
      {
        actor_id: world.funder.id,
        entity_type: 'OutcomeReport',
        request_id: expect.any(String),
        correlation_id: 'report-test:csv.2',
        details: { via: 'csv', from: '2026-01-01', to: '2026-06-30', groupBy: ['QUARTER', 'OUTCOME_TYPE'], categories: null, organizationIds: null },
      },
    ]);
    expect(events.map((e) => e.request_id)).toEqual([graphqlId, csvId]);
    // Admins find them in the audit log.
    const log = await beacon.ok(`{ auditEvents(filter: { entityType: "OutcomeReport" }, first: 50) { edges { node { action actor { id } } } } }`, {}, await beacon.adminToken());
    expect(log.auditEvents.edges.filter((e: any) => e.node.actor?.id === world.funder.id).length).toBeGreaterThanOrEqual(2);
  });

  it('a refused report writes no event, and events cannot be changed', async () => {
    const before = (await reportEvents()).length;
    await fieldsOf({ from: '2026-01-02', to: '2026-01-31', groupBy: [] });
    const forbidden = await beacon.gql(`query($input: OutcomeReportInput!) { outcomeReport(input: $input) { from } }`, { input: { from: '2026-01-01', to: '2026-01-31', groupBy: [], organizationIds: [world.agencyB.id] } }, funder);
    expect(codes(forbidden)).toEqual(['FORBIDDEN']);
    expect((await csv('from=2026-01-01&to=2026-01-15', funder)).status).toBe(400);
    expect((await reportEvents()).length).toBe(before);
    await expect(beacon.dataSource.query(`UPDATE audit_event SET details = '{}' WHERE action = 'outcomeReport'`)).rejects.toThrow(/cannot be changed/);
  });
});

describe('report periods are whole months', () => {
  it('refuses a period that does not start on a month\'s first day or end on a month\'s last, naming the field', async () => {
    expect(await fieldsOf({ from: '2026-01-02', to: '2026-01-31', groupBy: [] })).toEqual([{ field: 'input.from', message: 'must be the first day of a month' }]);
    expect(await fieldsOf({ from: '2026-01-01', to: '2026-01-30', groupBy: ['MONTH'] })).toEqual([{ field: 'input.to', message: 'must be the last day of a month' }]);
    expect(await fieldsOf({ from: '2026-01-15', to: '2026-02-27', groupBy: [] })).toEqual([
      { field: 'input.from', message: 'must be the first day of a month' },
      { field: 'input.to', message: 'must be the last day of a month' },
    ]);
    expect(await fieldsOf({ from: '2028-02-01', to: '2028-02-28', groupBy: [] })).toEqual([{ field: 'input.to', message: 'must be the last day of a month' }]);
    expect((await report(beacon, funder, { from: '2028-02-01', to: '2028-02-29', groupBy: [] })).totals.referrals).toBe(0);
    expect((await report(beacon, funder, { from: '2026-02-01', to: '2026-02-28', groupBy: ['MONTH'] })).rows.map((r: any) => r.period)).toEqual(['2026-02']);
  });

  it('under QUARTER, refuses a period that is not whole quarters', async () => {
    expect(await fieldsOf({ from: '2026-02-01', to: '2026-06-30', groupBy: ['QUARTER'] })).toEqual([{ field: 'input.from', message: 'must be the first day of a quarter' }]);
    expect(await fieldsOf({ from: '2026-01-01', to: '2026-05-31', groupBy: ['QUARTER', 'CATEGORY'] })).toEqual([{ field: 'input.to', message: 'must be the last day of a quarter' }]);
    const result = await report(beacon, funder, { from: '2026-04-01', to: '2026-09-30', groupBy: ['QUARTER'] });
    expect(result.rows.map((r: any) => r.period)).toEqual(['2026-Q2', '2026-Q3']);
  });

  it('the CSV names its parameters the same way', async () => {
    const response = await csv('from=2026-01-05&to=2026-03-15&groupBy=QUARTER', funder);
    expect(response.status).toBe(400);
    expect(errorOf((await response.json()) as any)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'from', message: 'must be the first day of a quarter' }, { field: 'to', message: 'must be the last day of a quarter' }],
    });
  });
});

describe('record keys', () => {
  const keys = async (table: 'referral' | 'client') =>
    (await beacon.dataSource.query(`SELECT count(*)::int AS rows, count(record_key)::int AS keyed, count(DISTINCT record_key)::int AS distinct_keys, min(record_key) AS min, max(record_key) AS max FROM ${table}`))[0];

  it('every referral and client has one from 0 to 255, drawn at random', async () => {
    for (const table of ['referral', 'client'] as const) {
      const k = await keys(table);
      expect(k.rows).toBeGreaterThanOrEqual(3);
      expect(k.keyed).toBe(k.rows);
      expect(k.distinct_keys).toBeGreaterThan(1);
      expect(k.min).toBeGreaterThanOrEqual(0);
      expect(k.max).toBeLessThanOrEqual(255);
    }
  });

  it('rows already there when the migration runs each get a key of their own; the migration goes down to the schema it found and up again', async () => {
    const migration = new ReportRecordKeys1764000005200();
    const runner = beacon.dataSource.createQueryRunner();
    const schema = async () => [
      await runner.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`),
      await runner.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`),
    ];
    const keysOf = async (table: string) => (await runner.query(`SELECT count(*)::int AS rows, count(DISTINCT record_key)::int AS distinct_keys FROM ${table}`))[0];
    await runner.startTransaction();
    try {
      const migrated = await schema();
      await migration.down(runner);
      const [columns, indexes] = await schema();
      expect(columns.filter((c: any) => c.column_name === 'record_key' || (c.table_name === 'audit_event' && c.column_name === 'details'))).toEqual([]);
      expect(indexes.find((i: any) => i.indexname === 'referral_report_created_idx').indexdef).not.toContain('record_key');
      await migration.up(runner);
      expect(await schema()).toEqual(migrated);
      for (const table of ['referral', 'client']) {
        const k = await keysOf(table);
        expect(k.rows).toBeGreaterThanOrEqual(3);
        expect(k.distinct_keys).toBeGreaterThan(1);
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
