import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aConsent, aGoal } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { REVOKE_CONSENT, UPDATE_CLIENT, UPDATE_GOAL } from './builders';
import { codes } from '../harness/errors';

const EVENTS = `query($filter: AuditFilter, $first: Int) {
  auditEvents(filter: $filter, first: $first) { totalCount edges { node { action entityType entityId requestId actor { id } } } }
}`;

let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
});
afterAll(() => beacon.stop());

/** A GraphQL request whose audit events can be told apart by the request id the server gave it (its X-Request-Id). */
async function asRequest(query: string, variables: Record<string, unknown>, token: string): Promise<string> {
  const { errors, requestId } = await beacon.gqlWithRequestId(query, variables, token);
  expect(errors).toBeUndefined();
  return requestId;
}

const eventsOf = async (entityId: string, token = w.admin) =>
  (await beacon.ok(EVENTS, { filter: { entityId }, first: 100 }, token)).auditEvents.edges.map((e: any) => e.node) as any[];

it("reading a client's record leaves an event with the reader, the client and the request id", async () => {
  const client = await aClient(beacon, await w.coach.token());
  const requestId = await asRequest(`query($id: ID!) { client(id: $id) { alias } }`, { id: client.id }, await w.supervisor.token());
  const reads = (await eventsOf(client.id)).filter((e) => e.action === 'readClient');
  expect(reads).toEqual([{ action: 'readClient', entityType: 'Client', entityId: client.id, requestId, actor: { id: w.supervisor.id } }]);
});

it('one request reading several clients, one of them twice, leaves one event per client', async () => {
  const token = await w.coach.token();
  const [a, b] = [await aClient(beacon, token), await aClient(beacon, token)];
  const requestId = await asRequest(`query($a: ID!, $b: ID!) { x: client(id: $a) { id } y: client(id: $b) { id } z: client(id: $a) { alias } }`, { a: a.id, b: b.id }, token);
  for (const id of [a.id, b.id]) {
    expect((await eventsOf(id)).filter((e) => e.requestId === requestId)).toEqual([expect.objectContaining({ action: 'readClient', actor: { id: w.coach.id } })]);
  }
});

it('reading many clients in one request costs the same statements as reading one', async () => {
  const token = await w.coach.token();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await aClient(beacon, token)).id);
  const read = (list: string[]) => beacon.ok(`query { ${list.map((id, i) => `c${i}: client(id: "${id}") { id alias firstName }`).join(' ')} }`, {}, token);
  const one = await beacon.countStatements(() => read(ids.slice(0, 1)));
  const five = await beacon.countStatements(() => read(ids));
  expect(five).toBe(one);
  // The first was read by both requests, the others by the second only.
  const reads = await Promise.all(ids.map(async (id) => (await eventsOf(id)).filter((e) => e.action === 'readClient').length));
  expect(reads).toEqual([2, 1, 1, 1, 1]);
});

it('listing the caseload leaves an event for each client listed', async () => {
  const coach = w.sameOrgCoach;
  const token = await coach.token();
  const listed = [await aClient(beacon, token, { alias: 'aa listed' }), await aClient(beacon, token, { alias: 'ab listed' })];
  const requestId = await asRequest(`query { clients(search: "listed", first: 10) { edges { node { id alias } } } }`, {}, token);
  for (const client of listed) {
    expect((await eventsOf(client.id)).filter((e) => e.requestId === requestId)).toEqual([expect.objectContaining({ action: 'listClient', actor: { id: coach.id } })]);
  }
});

it('a read outside the reader\'s reach leaves no read event', async () => {
  const client = await aClient(beacon, await w.coach.token());
  await beacon.ok(`query($id: ID!) { client(id: $id) { id } }`, { id: client.id }, await w.otherOrgCoach.token());
  expect((await eventsOf(client.id)).filter((e) => e.action === 'readClient')).toEqual([]);
});

it('every caseload mutation leaves an event, and supervisors read those of their own organization only', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  await beacon.ok(UPDATE_CLIENT, { input: { id: client.id, phone: '555-0142' } }, token);
  const consent = await aConsent(beacon, token, client.id, w.agency.id);
  await beacon.ok(REVOKE_CONSENT, { id: consent.id }, token);
  const goal = await aGoal(beacon, token, client.id);
  await beacon.ok(UPDATE_GOAL, { input: { id: goal.id, status: 'ACHIEVED' } }, token);

  const supervisorToken = await w.supervisor.token();
  expect((await eventsOf(client.id, supervisorToken)).map((e) => e.action).sort()).toEqual(['createClient', 'updateClient']);
  expect((await eventsOf(consent.id, supervisorToken)).map((e) => e.action).sort()).toEqual(['recordConsent', 'revokeConsent']);
  expect((await eventsOf(goal.id, supervisorToken)).map((e) => e.action).sort()).toEqual(['createGoal', 'updateGoal']);
  for (const id of [client.id, consent.id, goal.id]) expect(await eventsOf(id, await w.otherOrgSupervisor.token())).toEqual([]);
});

it('a failed mutation leaves no event', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const response = await beacon.gql(UPDATE_CLIENT, { input: { id: client.id, alias: null } }, token);
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect((await eventsOf(client.id)).map((e) => e.action)).toEqual(['createClient']);
});
