import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aConsent, aReferral, aService } from '../harness/builders';
import { localDay } from '../harness/days';
import { codes } from '../harness/errors';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { anAssessment, CLIENT_RECOVERY, HAND_OFF, handOff, RECORD_ASSESSMENT, recoveryOf, rowsOf, SAVE_PLAN, savePlan } from './builders';

let beacon: Beacon;
let w: CaseloadWorld;
/** A client of the coach with a plan, two assessments and two hand-offs with notes, referred to the agency with every consent. */
let worked: { id: string; referralId: string };
/** A client of the coach with none of those, referred to the agency the same way. */
let bare: { id: string; referralId: string };

const RECOVERY_THROUGH_REFERRAL = `query($id: ID!) { referral(id: $id) { client { id alias recoveryPlan { id crisisPlan } assessments { id total } handoffs { id note } } } }`;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
  const coachToken = await w.coach.token();
  const service = await aService(beacon, await w.agencyStaff.token());
  const referred = async () => {
    const client = await aClient(beacon, coachToken, { firstName: 'Robin' });
    for (const scope of ['SHARE_CONTACT', 'SHARE_NOTES']) await aConsent(beacon, coachToken, client.id, w.agency.id, { scope });
    const referral = await aReferral(beacon, coachToken, { clientId: client.id, serviceId: service.id });
    return { id: client.id, referralId: referral.id };
  };
  worked = await referred();
  bare = await referred();
  await savePlan(beacon, coachToken, { clientId: worked.id, triggers: ['Payday weekends'], crisisPlan: 'Call Dana.' });
  await anAssessment(beacon, coachToken, worked.id, '2025-01-10');
  await anAssessment(beacon, coachToken, worked.id, localDay());
  await handOff(beacon, coachToken, worked.id, w.sameOrgCoach.id, 'Relapsed in March; knows the shelter staff');
  await handOff(beacon, await w.sameOrgCoach.token(), worked.id, w.coach.id, 'Back to the first coach');
});
afterAll(() => beacon.stop());

describe("who reads a client's plan, assessments and hand-offs", () => {
  it.each([
    ['the assigned coach', () => w.coach],
    ['a supervisor of the organization', () => w.supervisor],
  ])('%s reads all of them', async (_, who) => {
    const client = await recoveryOf(beacon, await who().token(), worked.id);
    expect(client.recoveryPlan).toMatchObject({ triggers: ['Payday weekends'], crisisPlan: 'Call Dana.' });
    expect(client.assessments).toHaveLength(2);
    expect(client.handoffs.map((h: { note: string }) => h.note)).toEqual(['Relapsed in March; knows the shelter staff', 'Back to the first coach']);
  });

  it('agency staff who received a referral for the client (with every consent) see the client, and null / [] for these', async () => {
    const token = await w.agencyStaff.token();
    for (const client of [worked, bare]) {
      expect((await recoveryOf(beacon, token, client.id))).toEqual({ id: client.id, alias: expect.any(String), recoveryPlan: null, assessments: [], handoffs: [] });
      const through = (await beacon.ok(RECOVERY_THROUGH_REFERRAL, { id: client.referralId }, token)).referral.client;
      expect(through).toEqual({ id: client.id, alias: expect.any(String), recoveryPlan: null, assessments: [], handoffs: [] });
    }
  });

  it('an admin sees the client by alias, and null / [] for these', async () => {
    expect(await recoveryOf(beacon, w.admin, worked.id)).toEqual({ id: worked.id, alias: expect.any(String), recoveryPlan: null, assessments: [], handoffs: [] });
    const through = (await beacon.ok(RECOVERY_THROUGH_REFERRAL, { id: worked.referralId }, w.admin)).referral.client;
    expect(through).toMatchObject({ recoveryPlan: null, assessments: [], handoffs: [] });
  });

  it.each([
    ['a coach of the organization not assigned to the client', () => w.sameOrgCoach],
    ["another organization's coach", () => w.otherOrgCoach],
    ["another organization's supervisor", () => w.otherOrgSupervisor],
  ])('%s does not reach the client at all', async (_, who) => {
    expect((await beacon.ok(CLIENT_RECOVERY, { id: worked.id }, await who().token())).client).toBeNull();
  });

  it('a funder reads no record about any person', async () => {
    expect(codes(await beacon.gql(CLIENT_RECOVERY, { id: worked.id }, await w.funder.token()))).toEqual(['FORBIDDEN']);
    expect((await beacon.gql(RECOVERY_THROUGH_REFERRAL, { id: worked.referralId }, await w.funder.token())).data?.referral ?? null).toBeNull();
  });

  it('an anonymous caller is UNAUTHENTICATED', async () => {
    expect(codes(await beacon.gql(CLIENT_RECOVERY, { id: worked.id }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('who writes them', () => {
  const writes = (clientId: string) =>
    [
      [SAVE_PLAN, { input: { clientId, triggers: ['Probe'] } }],
      [SAVE_PLAN, { input: { clientId, expectedVersion: 1, triggers: ['Probe'] } }],
      [SAVE_PLAN, { input: { clientId, expectedVersion: 99, triggers: ['Probe'] } }],
      [RECORD_ASSESSMENT, { input: { clientId, takenOn: localDay(), items: Array(10).fill(3) } }],
      [HAND_OFF, { input: { clientId, toCoachId: w.sameOrgCoach.id, note: 'Probe' } }],
    ] as const;
  /** Roles that may never write recovery work: FORBIDDEN by role, before any client is looked at. */
  const otherRoles: [string, () => Promise<string>][] = [
    ['agency staff who received a referral for the client', () => w.agencyStaff.token()],
    ['an admin', async () => w.admin],
    ['a funder', () => w.funder.token()],
  ];
  /** The coach side, out of this client's reach: NOT_FOUND, as if the client did not exist. */
  const outsiders: [string, () => Promise<string>][] = [
    ['a coach of the organization not assigned to the client', () => w.sameOrgCoach.token()],
    ["another organization's coach", () => w.otherOrgCoach.token()],
    ["another organization's supervisor", () => w.otherOrgSupervisor.token()],
  ];

  /** Every write on a worked client, a bare one and a missing id answers `code` alone, and writes nothing. */
  async function everyWriteRefused(token: string, code: string) {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const clientId of [worked.id, bare.id, missing]) {
      for (const [document, variables] of writes(clientId)) {
        const response = await beacon.gql(document, variables, token);
        expect({ clientId, errors: codes(response) }).toEqual({ clientId, errors: [code] });
      }
    }
    expect(await rowsOf(beacon, 'recovery_plan', bare.id)).toBe(0);
    expect(await rowsOf(beacon, 'recovery_assessment', worked.id)).toBe(2);
    expect(await rowsOf(beacon, 'client_handoff', worked.id)).toBe(2);
  }

  it.each(otherRoles)('%s gets FORBIDDEN for every write, the same whether the client has a plan or not, or does not exist, and nothing is written', async (_, token) =>
    everyWriteRefused(await token(), 'FORBIDDEN'),
  );

  it.each(outsiders)('%s gets NOT_FOUND for every write, the same whether the client has a plan or not, or does not exist, and nothing is written', async (_, token) =>
    everyWriteRefused(await token(), 'NOT_FOUND'),
  );

  it('an anonymous caller is UNAUTHENTICATED', async () => {
    for (const [document, variables] of writes(worked.id)) expect(codes(await beacon.gql(document, variables))).toEqual(['UNAUTHENTICATED']);
  });

  it('an id in capitals reaches the same client', async () => {
    const token = await w.coach.token();
    const client = await aClient(beacon, token);
    const plan = await savePlan(beacon, token, { clientId: client.id.toUpperCase(), triggers: ['Upper'] });
    expect(plan.version).toBe(1);
    expect((await recoveryOf(beacon, token, client.id.toUpperCase())).recoveryPlan.id).toBe(plan.id);
    await anAssessment(beacon, token, client.id.toUpperCase(), localDay());
    await handOff(beacon, token, client.id.toUpperCase(), w.sameOrgCoach.id.toUpperCase());
    expect((await recoveryOf(beacon, await w.sameOrgCoach.token(), client.id)).assessments).toHaveLength(1);
  });
});
