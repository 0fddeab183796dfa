import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { errorOf } from '../harness/errors';

let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
});
afterAll(() => beacon.stop());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A GraphQL request carrying the caller's own X-Request-Id; returns the body and the ids the response names. */
async function withRequestId(given: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${beacon.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': given, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    body: (await response.json()) as { data?: any; errors?: { extensions: Record<string, any> }[] },
    requestId: response.headers.get('x-request-id'),
    correlationId: response.headers.get('x-correlation-id'),
  };
}

const READ_CLIENT = `query($id: ID!) { client(id: $id) { alias } }`;

async function readEvents(clientId: string) {
  const events = await beacon.ok(
    `query($id: ID) { auditEvents(filter: { entityId: $id }, first: 50) { edges { node { action requestId correlationId } } } }`,
    { id: clientId },
    w.admin,
  );
  return events.auditEvents.edges.map((e: any) => e.node).filter((e: any) => e.action === 'readClient');
}

describe("the request id is the server's own; the caller's is only a correlation id", () => {
  it("an audit event keeps the server's id, and the caller's beside it", async () => {
    const client = await aClient(beacon, await w.coach.token());
    const read = await withRequestId('spoofed-123', READ_CLIENT, { id: client.id }, await w.supervisor.token());
    expect(read.body.errors).toBeUndefined();
    expect(read.requestId).toMatch(UUID);
    expect(read.correlationId).toBe('spoofed-123');
    expect(await readEvents(client.id)).toEqual([{ action: 'readClient', requestId: read.requestId, correlationId: 'spoofed-123' }]);
  });

  it('two requests sending the same id still get ids of their own', async () => {
    const client = await aClient(beacon, await w.coach.token());
    const token = await w.supervisor.token();
    const first = await withRequestId('spoofed-123', READ_CLIENT, { id: client.id }, token);
    const second = await withRequestId('spoofed-123', READ_CLIENT, { id: client.id }, token);
    expect(first.requestId).not.toBe(second.requestId);
    expect((await readEvents(client.id)).map((e: any) => e.requestId).sort()).toEqual([first.requestId, second.requestId].sort());
  });

  it("an error's extensions.requestId is the server's id, in GraphQL and on a REST route", async () => {
    const bad = await withRequestId('spoofed-123', `{ viewer { id `, {});
    expect(errorOf(bad.body)).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', requestId: bad.requestId });

    const refused = await fetch(`${beacon.url}/reports/outcomes.csv?from=2026-01-01&to=2026-01-31&groupBy=MONTH`, { headers: { 'x-request-id': 'spoofed-123' } });
    const body: any = await refused.json();
    expect(refused.status).toBe(401);
    expect(errorOf(body)?.requestId).toBe(refused.headers.get('x-request-id'));
    expect(errorOf(body)?.requestId).toMatch(UUID);
  });

  it('the request line logs both ids', async () => {
    const sent = await withRequestId('spoofed-123', `{ __typename }`, {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = beacon.logs.find((l) => l.requestId === sent.requestId && l.msg === 'request completed');
    expect(line).toMatchObject({ requestId: sent.requestId, correlationId: 'spoofed-123', req: { id: sent.requestId } });
  });

  it.each([
    ['with a space', 'spoofed 123'],
    ['too long', 'x'.repeat(129)],
    ['with a quote', 'spoofed"123'],
    ['empty', ''],
  ])('a caller id %s is not kept anywhere', async (_label, given) => {
    const client = await aClient(beacon, await w.coach.token());
    const read = await withRequestId(given, READ_CLIENT, { id: client.id }, await w.supervisor.token());
    expect(read.body.errors).toBeUndefined();
    expect(read.requestId).toMatch(UUID);
    expect(read.correlationId).toBeNull();
    expect(await readEvents(client.id)).toEqual([{ action: 'readClient', requestId: read.requestId, correlationId: null }]);
  });

  it('audit events stay append-only with the new column', async () => {
    await expect(beacon.dataSource.query(`UPDATE audit_event SET correlation_id = 'rewritten'`)).rejects.toThrow('audit events cannot be changed or deleted');
    await expect(beacon.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow('audit events cannot be changed or deleted');
  });
});
