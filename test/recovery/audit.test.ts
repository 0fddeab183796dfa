import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aReferral, aService } from '../harness/builders';
import { localDay } from '../harness/days';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { anAssessment, CLIENT_RECOVERY, handOff, savePlan } from './builders';

const EVENTS = `query($filter: AuditFilter) {
  auditEvents(filter: $filter, first: 100) { edges { node { action entityType entityId requestId actor { id } } } }
}`;

let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
});
afterAll(() => beacon.stop());

const eventsOf = async (entityId: string) =>
  (await beacon.ok(EVENTS, { filter: { entityId } }, w.admin)).auditEvents.edges.map((e: any) => e.node) as any[];

/** A read whose events can be told apart by the server's request id (its X-Request-Id answer header). */
async function read(query: string, variables: Record<string, unknown>, token: string) {
  const { data, errors, requestId } = await beacon.gqlWithRequestId(query, variables, token);
  expect(errors).toBeUndefined();
  return { data, requestId };
}

it("reading a client's plan, assessments and hand-offs is audited as reads of the client's record, once each per request", async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  await savePlan(beacon, token, { clientId: client.id, triggers: ['Payday'] });
  const twice = `query($id: ID!) { a: client(id: $id) { recoveryPlan { id } assessments { id } handoffs { id } } b: client(id: $id) { recoveryPlan { version } } }`;
  const { requestId } = await read(twice, { id: client.id }, await w.supervisor.token());
  const events = (await eventsOf(client.id)).filter((e) => e.requestId === requestId);
  expect(events.map((e) => e.action).sort()).toEqual(['readAssessments', 'readClient', 'readHandoffs', 'readRecoveryPlan']);
  for (const e of events) expect(e).toMatchObject({ entityType: 'Client', entityId: client.id, actor: { id: w.supervisor.id } });
});

it('a reader off the coach side reads nothing of these, and no such read is recorded', async () => {
  const coachToken = await w.coach.token();
  const client = await aClient(beacon, coachToken);
  await savePlan(beacon, coachToken, { clientId: client.id, triggers: ['Payday'] });
  await aReferral(beacon, coachToken, { clientId: client.id, serviceId: (await aService(beacon, await w.agencyStaff.token())).id });
  const { data, requestId } = await read(CLIENT_RECOVERY, { id: client.id }, await w.agencyStaff.token());
  expect(data.client.recoveryPlan).toBeNull();
  const events = (await eventsOf(client.id)).filter((e) => e.requestId === requestId);
  expect(events.map((e) => e.action)).toEqual(['readClient']);
});

it('every write leaves an event with its actor', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const plan = await savePlan(beacon, token, { clientId: client.id, triggers: ['Payday'] });
  await savePlan(beacon, await w.supervisor.token(), { clientId: client.id, expectedVersion: 1, triggers: ['Holidays'] });
  const assessment = await anAssessment(beacon, token, client.id, localDay());
  await handOff(beacon, token, client.id, w.sameOrgCoach.id);

  // Events come newest first.
  expect((await eventsOf(plan.id)).reverse().map((e) => [e.action, e.entityType, e.actor.id])).toEqual([
    ['createRecoveryPlan', 'RecoveryPlan', w.coach.id],
    ['updateRecoveryPlan', 'RecoveryPlan', w.supervisor.id],
  ]);
  expect((await eventsOf(assessment.id)).map((e) => [e.action, e.entityType, e.actor.id])).toEqual([['recordAssessment', 'RecoveryCapitalAssessment', w.coach.id]]);
  expect((await eventsOf(client.id)).filter((e) => e.action === 'handOffClient').map((e) => [e.entityType, e.actor.id])).toEqual([['Client', w.coach.id]]);
});
