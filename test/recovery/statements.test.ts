import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { anAssessment, handOff, ratings, RECORD_ASSESSMENT, savePlan } from './builders';

let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
  // 20 clients, each with a plan (and its history), two assessments and a hand-off.
  const sameOrgToken = await w.sameOrgCoach.token();
  for (let i = 0; i < 20; i++) {
    const client = await aClient(beacon, sameOrgToken);
    await savePlan(beacon, sameOrgToken, { clientId: client.id, triggers: [`Trigger ${i}`], supportContacts: [{ name: 'Dana' }] });
    await anAssessment(beacon, sameOrgToken, client.id, '2025-01-10');
    await anAssessment(beacon, sameOrgToken, client.id, '2025-04-10');
    await handOff(beacon, sameOrgToken, client.id, w.coach.id, `Note ${i}`);
  }
});
afterAll(() => beacon.stop());

const PAGE = `query($first: Int) { clients(first: $first) { edges { node {
  id alias
  recoveryPlan { id version triggers supportContacts { name } updatedBy { id name } changes { field changedBy { id } } }
  assessments { id total recordedBy { id name } }
  handoffs { id note from { id name } to { id name } }
} } } }`;

it("a page of 20 clients with their plans, assessments and hand-offs costs a few statements, about as many as a page of 2", async () => {
  const token = await w.supervisor.token();
  let page: any;
  const twenty = await beacon.countStatements(async () => (page = await beacon.ok(PAGE, { first: 20 }, token)));
  expect(page.clients.edges).toHaveLength(20);
  for (const { node } of page.clients.edges) {
    expect(node.recoveryPlan.changes).toHaveLength(2);
    expect(node.assessments).toHaveLength(2);
    expect(node.handoffs).toHaveLength(1);
  }
  const two = await beacon.countStatements(() => beacon.ok(PAGE, { first: 2 }, token));
  // The page, its listing audit, per kind (plans, assessments, hand-offs) one query and one
  // audit, the plans' history, the users: 11 or 12 when measured (the users' batches depend on
  // which answers arrive in the same tick), at most 15 for any page; one query per client
  // would cost over 60 for a page of 20.
  for (const count of [twenty, two]) expect(count).toBeLessThanOrEqual(15);
  expect(Math.abs(twenty - two)).toBeLessThanOrEqual(3);
});

it('recording an assessment costs 7 statements: the insert returns the total PostgreSQL computes, with no read back', async () => {
  const token = await w.sameOrgCoach.token();
  const client = await aClient(beacon, token);
  let assessment: any;
  const count = await beacon.countStatements(
    async () => (assessment = (await beacon.ok(RECORD_ASSESSMENT, { input: { clientId: client.id, takenOn: '2025-02-03', items: ratings(17) } }, token)).recordAssessment.assessment),
  );
  expect(assessment).toMatchObject({ takenOn: '2025-02-03', total: 27, recordedBy: { id: w.sameOrgCoach.id } });
  // Measured: 7 for the whole request; 8 when the inserted row was read back for its total.
  expect(count).toBe(7);
});
