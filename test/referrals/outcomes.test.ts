import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, transition, type TestReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { localDay } from '../harness/days';
import { RECORD_OUTCOME, REFERRAL } from './builders';
import { codes, errorOf } from '../harness/errors';

const SUCCESSFUL = ['HOUSED', 'EMPLOYED', 'ENROLLED_IN_EDUCATION', 'ENTERED_TREATMENT', 'COMPLETED_TREATMENT', 'SERVICE_RECEIVED'];
const UNSUCCESSFUL = ['NOT_ELIGIBLE', 'NO_CAPACITY', 'CLIENT_DECLINED', 'LOST_CONTACT', 'REFERRED_ELSEWHERE'];

/** DESIGN.md: COMPLETED when successful; else REJECTED (NOT_ELIGIBLE, NO_CAPACITY) or CANCELLED if never accepted, FAILED if it was. */
function landing(type: string, accepted: boolean): string {
  if (SUCCESSFUL.includes(type)) return 'COMPLETED';
  if (accepted) return 'FAILED';
  return type === 'NOT_ELIGIBLE' || type === 'NO_CAPACITY' ? 'REJECTED' : 'CANCELLED';
}

let beacon: Beacon;
let world: ReferralWorld;
let agencyToken: string;
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
  agencyToken = await world.people.agency.token();
});
afterAll(() => beacon.stop());

const requested = () => aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
const unchanged = async (referral: TestReferral) =>
  expect((await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral).toMatchObject({ status: referral.status, version: referral.version, outcome: null });
const lastEvent = (referral: TestReferral) => referral.history[referral.history.length - 1];
const record = (token: string, referral: TestReferral, type: string, extra: Record<string, unknown> = {}) =>
  beacon.gql(RECORD_OUTCOME, { input: { referralId: referral.id, type, achievedOn: localDay(), expectedVersion: referral.version, ...extra } }, token);

describe('recording an outcome', () => {
  for (const type of [...SUCCESSFUL, ...UNSUCCESSFUL]) {
    it(`closes a never-accepted referral with ${type} as ${landing(type, false)}`, async () => {
      const referral = await requested();
      const { data, errors } = await record(world.coachToken, referral, type, { note: 'Talked with intake' });
      expect(errors).toBeUndefined();
      const closed = data.recordOutcome.referral;
      expect(closed).toMatchObject({
        status: landing(type, false),
        version: referral.version + 1,
        followUpDue: null,
        overdue: false,
        outcome: { type, successful: SUCCESSFUL.includes(type), achievedOn: localDay(), note: 'Talked with intake', recordedBy: { id: world.people.coach.id } },
      });
      expect(lastEvent(closed)).toMatchObject({ from: 'REQUESTED', to: landing(type, false) });
    });

    it(`closes an accepted referral with ${type} as ${landing(type, true)}`, async () => {
      const accepted = await transition(beacon, agencyToken, await requested(), 'ACCEPTED');
      const inProgress = await transition(beacon, agencyToken, accepted, 'IN_PROGRESS');
      const { data, errors } = await record(agencyToken, inProgress, type);
      expect(errors).toBeUndefined();
      expect(data.recordOutcome.referral).toMatchObject({ status: landing(type, true), outcome: { type, recordedBy: { id: world.people.agency.id } } });
    });
  }

  it('counts a referral put on hold after acceptance as accepted', async () => {
    const accepted = await transition(beacon, agencyToken, await requested(), 'ACCEPTED');
    const onHold = await transition(beacon, agencyToken, accepted, 'ON_HOLD', 'Waiting list');
    const { data } = await record(world.coachToken, onHold, 'NO_CAPACITY');
    expect(data.recordOutcome.referral.status).toBe('FAILED');
  });

  it('refuses a draft and a closed referral with INVALID_TRANSITION, changing nothing', async () => {
    const draft = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, send: false });
    const cancelled = await transition(beacon, world.coachToken, await requested(), 'CANCELLED', 'Changed plans');
    for (const [referral, allowed] of [[draft, ['CANCELLED', 'ENTERED_IN_ERROR', 'REQUESTED']], [cancelled, ['ENTERED_IN_ERROR']]] as const) {
      const response = await record(world.coachToken, referral, 'HOUSED');
      expect(codes(response)).toEqual(['INVALID_TRANSITION']);
      expect([...errorOf(response)?.allowed].sort()).toEqual(allowed);
      const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
      expect(after).toMatchObject({ status: referral.status, version: referral.version, outcome: null });
    }
  });

  it('refuses an outcome dated in the future, naming input.achievedOn', async () => {
    const referral = await requested();
    const response = await record(world.coachToken, referral, 'HOUSED', { achievedOn: '2999-01-01' });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.achievedOn', message: 'must not be in the future' }]);
    const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
    expect(after).toMatchObject({ status: 'REQUESTED', version: 1, outcome: null });
  });

  it('refuses an outcome dated before the referral was made, naming input.achievedOn', async () => {
    const referral = await requested();
    const dayBefore = localDay(new Date(new Date(referral.createdAt).getTime() - 24 * 3600_000));
    const response = await record(world.coachToken, referral, 'HOUSED', { achievedOn: dayBefore });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.achievedOn', message: 'must not be before the referral was made' }]);
    await unchanged(referral);
  });

  for (const [type, status] of [['NOT_ELIGIBLE', 'REJECTED'], ['NO_CAPACITY', 'REJECTED'], ['CLIENT_DECLINED', 'CANCELLED'], ['LOST_CONTACT', 'CANCELLED']]) {
    it(`lets the agency close a referral it never accepted with ${type} as ${status}, in its own name`, async () => {
      const referral = await requested();
      const { data, errors } = await record(agencyToken, referral, type);
      expect(errors).toBeUndefined();
      const closed = data.recordOutcome.referral;
      expect(closed).toMatchObject({ status, outcome: { type, recordedBy: { id: world.people.agency.id } } });
      expect(lastEvent(closed)).toMatchObject({ from: 'REQUESTED', to: status, onBehalfOfAgency: false, actor: { id: world.people.agency.id } });
    });
  }

  it('refuses an outcome on a referral entered in error, by either side, changing nothing', async () => {
    const referral = await transition(beacon, world.coachToken, await requested(), 'ENTERED_IN_ERROR', 'Wrong client');
    for (const token of [world.coachToken, agencyToken]) {
      const response = await record(token, referral, 'HOUSED');
      expect(errorOf(response)).toMatchObject({ code: 'INVALID_TRANSITION', allowed: [] });
    }
    await unchanged(referral);
  });

  it('answers a stale expectedVersion with CONFLICT and the current version', async () => {
    const accepted = await transition(beacon, agencyToken, await requested(), 'ACCEPTED');
    const response = await record(world.coachToken, { ...accepted, version: 1 }, 'HOUSED');
    expect(errorOf(response)).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });

  it('writes an audit event', async () => {
    const referral = await requested();
    await record(world.coachToken, referral, 'SERVICE_RECEIVED');
    const { auditEvents } = await beacon.ok(
      `query($f: AuditFilter) { auditEvents(filter: $f, first: 10) { edges { node { action } } } }`,
      { f: { entityId: referral.id } },
      world.admin,
    );
    expect(auditEvents.edges.map((e: any) => e.node.action).sort()).toEqual(['createReferral', 'recordOutcome']);
  });
});

describe("a coach's outcome on the agency's behalf", () => {
  it('says so when it lands where only the agency may move it: REJECTED, COMPLETED or FAILED', async () => {
    const rejected = (await record(world.coachToken, await requested(), 'NO_CAPACITY')).data.recordOutcome.referral;
    const completed = (await record(world.coachToken, await requested(), 'HOUSED')).data.recordOutcome.referral;
    const accepted = await transition(beacon, agencyToken, await requested(), 'ACCEPTED');
    const failed = (await record(world.coachToken, accepted, 'LOST_CONTACT')).data.recordOutcome.referral;
    for (const [closed, from, to] of [[rejected, 'REQUESTED', 'REJECTED'], [completed, 'REQUESTED', 'COMPLETED'], [failed, 'ACCEPTED', 'FAILED']]) {
      expect(lastEvent(closed)).toMatchObject({ from, to, onBehalfOfAgency: true, actor: { id: world.people.coach.id } });
    }
  });

  it('does not when it lands in a step of the coach side’s own (CANCELLED)', async () => {
    const cancelled = (await record(world.coachToken, await requested(), 'CLIENT_DECLINED')).data.recordOutcome.referral;
    expect(lastEvent(cancelled)).toMatchObject({ from: 'REQUESTED', to: 'CANCELLED', onBehalfOfAgency: false });
  });

  it('is never on its behalf when the agency records it', async () => {
    const accepted = await transition(beacon, agencyToken, await requested(), 'ACCEPTED');
    const completed = (await record(agencyToken, accepted, 'SERVICE_RECEIVED')).data.recordOutcome.referral;
    expect(lastEvent(completed)).toMatchObject({ from: 'ACCEPTED', to: 'COMPLETED', onBehalfOfAgency: false });
  });
});
