import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, aReferralWorld, RECORD_OUTCOME, REFERRAL, transition, type ReferralWorld, type TestReferral } from './builders';

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
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
  agencyToken = await world.people.agency.token();
});
afterAll(() => beacon.stop());

const requested = () => aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
const record = (token: string, referral: TestReferral, type: string, extra: Record<string, unknown> = {}) =>
  beacon.gql(RECORD_OUTCOME, { input: { referralId: referral.id, type, achievedOn: today(), expectedVersion: referral.version, ...extra } }, token);

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
        outcome: { type, successful: SUCCESSFUL.includes(type), achievedOn: today(), note: 'Talked with intake', recordedBy: { id: world.people.coach.id } },
      });
      expect(closed.history[closed.history.length - 1]).toMatchObject({ from: 'REQUESTED', to: landing(type, false) });
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
      expect(response.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
      expect([...response.errors![0].extensions.allowed].sort()).toEqual(allowed);
      const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
      expect(after).toMatchObject({ status: referral.status, version: referral.version, outcome: null });
    }
  });

  it('refuses an outcome dated in the future, naming input.achievedOn', async () => {
    const referral = await requested();
    const response = await record(world.coachToken, referral, 'HOUSED', { achievedOn: '2999-01-01' });
    expect(response.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].extensions.fields).toEqual([{ field: 'input.achievedOn', message: 'must not be in the future' }]);
    const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
    expect(after).toMatchObject({ status: 'REQUESTED', version: 1, outcome: null });
  });

  it('answers a stale expectedVersion with CONFLICT and the current version', async () => {
    const accepted = await transition(beacon, agencyToken, await requested(), 'ACCEPTED');
    const response = await record(world.coachToken, { ...accepted, version: 1 }, 'HOUSED');
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
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
