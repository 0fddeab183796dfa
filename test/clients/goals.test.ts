import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aGoal, CREATE_GOAL } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { badFields, codes } from '../harness/errors';
import { localDay } from '../harness/days';
import { UPDATE_GOAL } from './builders';

const GOALS = `query($id: ID!) { client(id: $id) { goals { id domain description status targetDate achievedOn } } }`;

let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
});
afterAll(() => beacon.stop());

const goalsOf = async (clientId: string) => (await beacon.ok(GOALS, { id: clientId }, await w.coach.token())).client.goals as any[];

it('a new goal is ACTIVE and shows on the client, oldest first', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const first = await aGoal(beacon, token, client.id, { domain: 'EMPLOYMENT', description: 'Part-time job', targetDate: '2027-03-01' });
  const second = await aGoal(beacon, token, client.id);
  expect(first).toMatchObject({ domain: 'EMPLOYMENT', description: 'Part-time job', status: 'ACTIVE', targetDate: '2027-03-01', achievedOn: null });
  expect((await goalsOf(client.id)).map((g) => g.id)).toEqual([first.id, second.id]);
});

it("ACHIEVED stamps achievedOn with today's date in the default time zone; reopening clears it", async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const goal = await aGoal(beacon, token, client.id);
  const achieved = (await beacon.ok(UPDATE_GOAL, { input: { id: goal.id, status: 'ACHIEVED' } }, token)).updateGoal.goal;
  expect(achieved).toMatchObject({ status: 'ACHIEVED', achievedOn: localDay() });
  const reopened = (await beacon.ok(UPDATE_GOAL, { input: { id: goal.id, status: 'ACTIVE' } }, token)).updateGoal.goal;
  expect(reopened).toMatchObject({ status: 'ACTIVE', achievedOn: null });
});

it('keeps omitted fields and clears a target date given as null', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const goal = await aGoal(beacon, token, client.id, { targetDate: '2027-01-15' });
  await beacon.ok(UPDATE_GOAL, { input: { id: goal.id, description: 'Apartment near the bus line' } }, token);
  expect((await goalsOf(client.id))[0]).toMatchObject({ description: 'Apartment near the bus line', targetDate: '2027-01-15', status: 'ACTIVE' });
  await beacon.ok(UPDATE_GOAL, { input: { id: goal.id, targetDate: null } }, token);
  expect((await goalsOf(client.id))[0]).toMatchObject({ description: 'Apartment near the bus line', targetDate: null });
});

it('refuses a blank description and creates or changes nothing', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const created = await beacon.gql(CREATE_GOAL, { input: { clientId: client.id, domain: 'HEALTH', description: '' } }, token);
  expect(codes(created)).toEqual(['BAD_USER_INPUT']);
  expect(badFields(created)).toEqual(['input.description']);
  expect(await goalsOf(client.id)).toEqual([]);

  const goal = await aGoal(beacon, token, client.id);
  for (const description of [null, '   ']) {
    const updated = await beacon.gql(UPDATE_GOAL, { input: { id: goal.id, description, status: 'ABANDONED' } }, token);
    expect(badFields(updated)).toEqual(['input.description']);
  }
  expect((await goalsOf(client.id))[0]).toMatchObject({ description: 'Find a stable apartment', status: 'ACTIVE' });
});

it('refuses a description over 2000 characters, on create and on update, and changes nothing', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const long = 'd'.repeat(2001);
  const created = await beacon.gql(CREATE_GOAL, { input: { clientId: client.id, domain: 'HEALTH', description: long } }, token);
  expect(codes(created)).toEqual(['BAD_USER_INPUT']);
  expect(badFields(created)).toEqual(['input.description']);
  const goal = await aGoal(beacon, token, client.id);
  const updated = await beacon.gql(UPDATE_GOAL, { input: { id: goal.id, description: long } }, token);
  expect(badFields(updated)).toEqual(['input.description']);
  expect((await goalsOf(client.id)).map((g) => g.description)).toEqual(['Find a stable apartment']);
});

it('refuses to clear the status', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const goal = await aGoal(beacon, token, client.id);
  const response = await beacon.gql(UPDATE_GOAL, { input: { id: goal.id, status: null } }, token);
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(badFields(response)).toEqual(['input.status']);
  expect((await goalsOf(client.id))[0].status).toBe('ACTIVE');
});

it('refuses a target date that is not a calendar day', async () => {
  const token = await w.coach.token();
  const client = await aClient(beacon, token);
  const response = await beacon.gql(CREATE_GOAL, { input: { clientId: client.id, domain: 'HEALTH', description: 'Checkup', targetDate: '2027-02-30' } }, token);
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(badFields(response)).toEqual(['input.targetDate']);
  expect(await goalsOf(client.id)).toEqual([]);
});
