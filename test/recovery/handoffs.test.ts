import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aCoach, aGoal, aReferral, aSupervisor, anAgencyStaff, type TestUser } from '../harness/builders';
import { localDay } from '../harness/days';
import { badFields, codes } from '../harness/errors';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { FOLLOW_UP_QUEUE, REFERRAL, REFERRALS } from '../referrals/builders';
import { UPDATE_CLIENT, UPDATE_GOAL } from '../clients/builders';
import { anAssessment, CLIENT_RECOVERY, HAND_OFF, handOff, RECORD_ASSESSMENT, recoveryOf, rowsOf, SAVE_PLAN, savePlan } from './builders';

let beacon: Beacon;
let w: ReferralWorld;
let coach: TestUser;
let colleague: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
  ({ coach, colleague, supervisor } = w.people);
});
afterAll(() => beacon.stop());

/** A client of the coach with a plan, an assessment, a goal and a sent referral whose follow-up is overdue. */
async function aWorkedClient() {
  const token = await coach.token();
  const client = await aClient(beacon, token);
  await savePlan(beacon, token, { clientId: client.id, triggers: ['Payday weekends'] });
  await anAssessment(beacon, token, client.id, localDay());
  const goal = await aGoal(beacon, token, client.id);
  const referral = await aReferral(beacon, token, { clientId: client.id, serviceId: w.service.id });
  // Back-dated: the API cannot make a follow-up fall due now.
  await beacon.dataSource.query(`UPDATE referral SET follow_up_due = now() - interval '1 minute' WHERE id = $1`, [referral.id]);
  return { client, goal, referral };
}

const CLIENT_WHOLE = `query($id: ID!) { client(id: $id) {
  id firstName assignedCoach { id }
  recoveryPlan { id } assessments { id } handoffs { id } goals { id }
  referrals { edges { node { id } } }
} }`;

const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);

async function reachOf(token: string, worked: Awaited<ReturnType<typeof aWorkedClient>>) {
  const client = (await beacon.ok(CLIENT_WHOLE, { id: worked.client.id }, token)).client;
  const referral = (await beacon.ok(REFERRAL, { id: worked.referral.id }, token)).referral;
  const listed = ids((await beacon.ok(REFERRALS, { filter: { clientId: worked.client.id } }, token)).referrals);
  const queue = ids((await beacon.ok(FOLLOW_UP_QUEUE, { first: 100 }, token)).followUpQueue);
  return {
    client: client !== null,
    plan: client?.recoveryPlan !== null && client?.recoveryPlan !== undefined,
    assessments: client?.assessments.length ?? 0,
    goals: client?.goals.length ?? 0,
    clientReferrals: client ? ids(client.referrals).length : 0,
    referral: referral !== null,
    listed: listed.includes(worked.referral.id),
    queued: queue.includes(worked.referral.id),
  };
}

const REACHES = { client: true, plan: true, assessments: 1, goals: 1, clientReferrals: 1, referral: true, listed: true, queued: true };
const NOTHING = { client: false, plan: false, assessments: 0, goals: 0, clientReferrals: 0, referral: false, listed: false, queued: false };

describe('a hand-off', () => {
  it('moves the client, its plan, assessments, goals, referrals and follow-ups from the old coach (token already held) to the new one', async () => {
    const worked = await aWorkedClient();
    const oldToken = await coach.token();
    const newToken = await colleague.token();
    const supervisorToken = await supervisor.token();
    const outsideToken = await w.people.outsideCoach.token();

    expect(await reachOf(oldToken, worked)).toEqual(REACHES);
    expect(await reachOf(newToken, worked)).toEqual(NOTHING);
    expect(await reachOf(supervisorToken, worked)).toEqual(REACHES);

    const moved = await handOff(beacon, oldToken, worked.client.id, colleague.id, 'Ready for a recovery coach; prefers mornings');
    // The old coach is off the coach side as soon as it commits, even in the answer to their own mutation.
    expect(moved).toMatchObject({ id: worked.client.id, assignedCoach: null, handoffs: [] });

    expect(await reachOf(oldToken, worked)).toEqual(NOTHING);
    expect(await reachOf(newToken, worked)).toEqual(REACHES);
    expect(await reachOf(supervisorToken, worked)).toEqual(REACHES);
    expect(await reachOf(outsideToken, worked)).toEqual(NOTHING);

    const seen = (await beacon.ok(CLIENT_RECOVERY, { id: worked.client.id }, newToken)).client;
    expect(seen.handoffs).toEqual([
      { id: expect.any(String), note: 'Ready for a recovery coach; prefers mornings', at: expect.any(String), from: { id: coach.id }, to: { id: colleague.id } },
    ]);
  });

  it("the old coach's writes to the client are NOT_FOUND afterwards; the new coach's succeed", async () => {
    const worked = await aWorkedClient();
    const oldToken = await coach.token();
    const newToken = await colleague.token();
    await handOff(beacon, oldToken, worked.client.id, colleague.id);

    const writes = [
      [SAVE_PLAN, { input: { clientId: worked.client.id, expectedVersion: 1, triggers: ['x'] } }],
      [RECORD_ASSESSMENT, { input: { clientId: worked.client.id, takenOn: localDay(), items: Array(10).fill(3) } }],
      [UPDATE_GOAL, { input: { id: worked.goal.id, description: 'Changed' } }],
      [HAND_OFF, { input: { clientId: worked.client.id, toCoachId: coach.id } }],
    ] as const;
    for (const [document, variables] of writes) expect(codes(await beacon.gql(document, variables, oldToken))).toEqual(['NOT_FOUND']);
    for (const [document, variables] of writes) expect(codes(await beacon.gql(document, variables, newToken))).toEqual([]);
    // The last write handed the client back.
    expect((await recoveryOf(beacon, oldToken, worked.client.id)).handoffs.map((h: any) => [h.from.id, h.to.id])).toEqual([
      [coach.id, colleague.id],
      [colleague.id, coach.id],
    ]);
  });

  it('a supervisor of the organization may hand off a client; the answer shows the new coach and the note', async () => {
    const client = await aClient(beacon, await coach.token());
    const moved = await handOff(beacon, await supervisor.token(), client.id, colleague.id, '  Warm introduction done  ');
    expect(moved.assignedCoach).toEqual({ id: colleague.id });
    expect(moved.handoffs).toEqual([expect.objectContaining({ note: 'Warm introduction done', from: { id: coach.id }, to: { id: colleague.id } })]);
  });

  it('a client with no coach is handed to one: the hand-off has no from', async () => {
    const client = await aClient(beacon, await supervisor.token());
    const moved = await handOff(beacon, await supervisor.token(), client.id, coach.id, null);
    expect(moved.handoffs).toEqual([expect.objectContaining({ from: null, to: { id: coach.id }, note: null })]);
  });

  it("a supervisor's reassignment through updateClient is a hand-off too (no note); the new coach reaches the client; unassigning records none", async () => {
    const worked = await aWorkedClient();
    const supervisorToken = await supervisor.token();
    await beacon.ok(UPDATE_CLIENT, { input: { id: worked.client.id, assignedCoachId: colleague.id } }, supervisorToken);

    expect(await reachOf(await colleague.token(), worked)).toEqual(REACHES);
    expect(await reachOf(await coach.token(), worked)).toEqual(NOTHING);
    const { handoffs } = await recoveryOf(beacon, supervisorToken, worked.client.id);
    expect(handoffs).toEqual([{ id: expect.any(String), note: null, at: expect.any(String), from: { id: coach.id }, to: { id: colleague.id } }]);

    // Naming the same coach again, or nobody, moves the client to no other coach: no hand-off.
    await beacon.ok(UPDATE_CLIENT, { input: { id: worked.client.id, assignedCoachId: colleague.id } }, supervisorToken);
    await beacon.ok(UPDATE_CLIENT, { input: { id: worked.client.id, assignedCoachId: null } }, supervisorToken);
    expect(await rowsOf(beacon, 'client_handoff', worked.client.id)).toBe(1);
  });

  it('a note over 2000 characters is refused', async () => {
    const client = await aClient(beacon, await coach.token());
    const response = await beacon.gql(HAND_OFF, { input: { clientId: client.id, toCoachId: colleague.id, note: 'n'.repeat(2001) } }, await coach.token());
    expect(badFields(response)).toEqual(['input.note']);
    expect(await rowsOf(beacon, 'client_handoff', client.id)).toBe(0);
  });
});

describe('who a client may be handed to', () => {
  let inactiveCoach: TestUser;
  let otherSupervisor: TestUser;
  let agencyStaff: TestUser;

  beforeAll(async () => {
    inactiveCoach = await aCoach(beacon, w.admin, w.peers.id);
    await beacon.ok(`mutation($id: ID!) { deactivateUser(id: $id) { user { id active } } }`, { id: inactiveCoach.id }, w.admin);
    otherSupervisor = await aSupervisor(beacon, w.admin, w.peers.id);
    agencyStaff = await anAgencyStaff(beacon, w.admin, w.agencyOrg.id);
  });

  it.each([
    ["another organization's coach", () => w.people.outsideCoach.id],
    ['an inactive coach', () => inactiveCoach.id],
    ['a supervisor (not a coach)', () => otherSupervisor.id],
    ['agency staff', () => agencyStaff.id],
    ['the current coach', () => coach.id],
    ['nobody', () => '00000000-0000-4000-8000-000000000000'],
  ])('%s is BAD_USER_INPUT naming input.toCoachId, and nothing changes', async (_, to) => {
    const client = await aClient(beacon, await coach.token());
    for (const token of [await coach.token(), await supervisor.token()]) {
      const response = await beacon.gql(HAND_OFF, { input: { clientId: client.id, toCoachId: to() } }, token);
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(badFields(response)).toEqual(['input.toCoachId']);
    }
    expect(await rowsOf(beacon, 'client_handoff', client.id)).toBe(0);
    expect((await beacon.ok(CLIENT_WHOLE, { id: client.id }, await coach.token())).client.assignedCoach).toEqual({ id: coach.id });
  });

  it('a client outside the caller\'s reach is NOT_FOUND, before the target is looked at', async () => {
    const client = await aClient(beacon, await coach.token());
    for (const token of [await colleague.token(), await w.people.outsideCoach.token(), await w.people.outsideSupervisor.token()]) {
      for (const to of [colleague.id, w.people.outsideCoach.id]) {
        expect(codes(await beacon.gql(HAND_OFF, { input: { clientId: client.id, toCoachId: to } }, token))).toEqual(['NOT_FOUND']);
      }
    }
    expect(await rowsOf(beacon, 'client_handoff', client.id)).toBe(0);
  });
});

describe('concurrent hand-offs', () => {
  it('by the coach to two colleagues at once: one lands, the other finds the client gone', async () => {
    const third = await aCoach(beacon, w.admin, w.peers.id);
    const client = await aClient(beacon, await coach.token());
    const token = await coach.token();
    const responses = await Promise.all([colleague.id, third.id].map((to) => beacon.gql(HAND_OFF, { input: { clientId: client.id, toCoachId: to } }, token)));
    expect(responses.map(codes).sort()).toEqual([[], ['NOT_FOUND']]);
    expect(await rowsOf(beacon, 'client_handoff', client.id)).toBe(1);
  });

  it('by a supervisor to two coaches at once: both land in turn, each from the coach the other left', async () => {
    const third = await aCoach(beacon, w.admin, w.peers.id);
    const client = await aClient(beacon, await coach.token());
    const token = await supervisor.token();
    const responses = await Promise.all([colleague.id, third.id].map((to) => beacon.gql(HAND_OFF, { input: { clientId: client.id, toCoachId: to } }, token)));
    expect(responses.map(codes)).toEqual([[], []]);
    const { handoffs } = await recoveryOf(beacon, token, client.id);
    expect(handoffs).toHaveLength(2);
    expect(handoffs[0].from).toEqual({ id: coach.id });
    expect(handoffs[1].from).toEqual(handoffs[0].to);
    const current = (await beacon.ok(CLIENT_WHOLE, { id: client.id }, token)).client.assignedCoach;
    expect(current).toEqual(handoffs[1].to);
  });
});
