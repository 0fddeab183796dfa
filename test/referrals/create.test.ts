import { aGoal, aClient, aService, aReferral, CREATE_REFERRAL } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { UPDATE_CLIENT } from '../clients/builders';
import { startBeacon, type Beacon } from '../harness/beacon';
import { badFields, codes, errorOf } from '../harness/errors';

let beacon: Beacon;
let world: ReferralWorld;
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
});
afterAll(() => beacon.stop());

const referralCount = async () => Number((await beacon.dataSource.query('SELECT count(*) AS n FROM referral'))[0].n);
const AUDIT = `query($f: AuditFilter) { auditEvents(filter: $f, first: 10) { edges { node { action entityType entityId actor { id } } } } }`;

describe('making a referral', () => {
  it('sends it to the agency (REQUESTED) by default, with the note as its first note and a first history event', async () => {
    const referral = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, note: 'Needs a bed by Friday', urgency: 'URGENT' });
    expect(referral).toMatchObject({
      status: 'REQUESTED',
      version: 1,
      urgency: 'URGENT',
      overdue: false,
      client: { id: world.client.id, alias: world.client.alias },
      service: { id: world.service.id },
      receivingOrganization: { id: world.agencyOrg.id },
      referredBy: { id: world.people.coach.id },
      outcome: null,
    });
    expect(referral.notes).toEqual([expect.objectContaining({ kind: 'NOTE', body: 'Needs a bed by Friday', author: { id: world.people.coach.id } })]);
    expect(referral.history).toEqual([expect.objectContaining({ from: null, to: 'REQUESTED', reason: null, onBehalfOfAgency: false, actor: { id: world.people.coach.id } })]);
    expect(new Date(referral.followUpDue).getTime()).toBeGreaterThan(new Date(referral.createdAt).getTime());
  });

  it('keeps it as a DRAFT, due two days after creation, when send is false', async () => {
    const referral = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, send: false });
    expect(referral.status).toBe('DRAFT');
    expect(referral.notes).toEqual([]);
    const created = new Date(referral.createdAt).getTime();
    const hours = (new Date(referral.followUpDue).getTime() - created) / 3600_000;
    // Two local calendar days: 48 hours, or 47/49 across a daylight-saving change.
    expect([47, 48, 49]).toContain(hours);
  });

  it('links one of the client’s goals, and refuses another client’s goal naming input.goalId', async () => {
    const goal = await aGoal(beacon, world.coachToken, world.client.id);
    const linked = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, goalId: goal.id });
    expect(linked.goal).toEqual({ id: goal.id });

    const other = await aClient(beacon, world.coachToken);
    const othersGoal = await aGoal(beacon, world.coachToken, other.id);
    const before = await referralCount();
    const response = await beacon.gql(CREATE_REFERRAL, { input: { clientId: world.client.id, serviceId: world.service.id, goalId: othersGoal.id } }, world.coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.goalId', message: expect.any(String) }]);
    expect(await referralCount()).toBe(before);
  });

  it('refuses a service that is not ACTIVE, naming input.serviceId and creating nothing', async () => {
    const closed = await aService(beacon, await world.people.agency.token());
    await beacon.dataSource.query(`UPDATE service SET status = 'TEMPORARILY_CLOSED' WHERE id = $1`, [closed.id]);
    const before = await referralCount();
    const response = await beacon.gql(CREATE_REFERRAL, { input: { clientId: world.client.id, serviceId: closed.id } }, world.coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.serviceId', message: 'must be an ACTIVE service' }]);
    expect(await referralCount()).toBe(before);
  });

  it('refuses malformed ids and an over-long note, naming each field', async () => {
    const response = await beacon.gql(CREATE_REFERRAL, { input: { clientId: 'nope', serviceId: world.service.id, note: 'x'.repeat(5001) } }, world.coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.clientId', 'input.note']);
  });

  it('needs no consent: the agency sees the referral and the client alias', async () => {
    const client = await aClient(beacon, world.coachToken, { firstName: 'Robin', lastName: 'Hale' });
    const referral = await aReferral(beacon, world.coachToken, { clientId: client.id, serviceId: world.service.id });
    const seen = await beacon.ok(`query($id: ID!) { referral(id: $id) { id client { alias firstName } } }`, { id: referral.id }, await world.people.agency.token());
    expect(seen.referral).toEqual({ id: referral.id, client: { alias: client.alias, firstName: null } });
  });

  it('returns the first referral when a retry brings the same idempotency key, client and service', async () => {
    const input = { clientId: world.client.id, serviceId: world.service.id, idempotencyKey: 'retry-1', note: 'first try' };
    const first = await aReferral(beacon, world.coachToken, input);
    const before = await referralCount();
    const retries = await Promise.all([1, 2, 3].map(() => aReferral(beacon, world.coachToken, input)));
    expect(retries.map((r) => r.id)).toEqual([first.id, first.id, first.id]);
    expect(retries[0].notes).toHaveLength(1);
    expect(await referralCount()).toBe(before);
  });

  it('makes one referral when the same key arrives twice at once', async () => {
    const input = { clientId: world.client.id, serviceId: world.service.id, idempotencyKey: 'at-once' };
    const both = await Promise.all([aReferral(beacon, world.coachToken, input), aReferral(beacon, world.coachToken, input)]);
    expect(both[0].id).toBe(both[1].id);
  });

  it('answers the same key with another client or service with CONFLICT, creating nothing', async () => {
    await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, idempotencyKey: 'reused' });
    const other = await aClient(beacon, world.coachToken);
    const before = await referralCount();
    for (const input of [
      { clientId: other.id, serviceId: world.service.id },
      { clientId: world.client.id, serviceId: world.otherService.id },
    ]) {
      const response = await beacon.gql(CREATE_REFERRAL, { input: { ...input, idempotencyKey: 'reused' } }, world.coachToken);
      expect(codes(response)).toEqual(['CONFLICT']);
    }
    expect(await referralCount()).toBe(before);
  });

  it('takes an upper-case spelling of the same ids on a retry as the same referral, not a CONFLICT', async () => {
    const input = { clientId: world.client.id, serviceId: world.service.id, idempotencyKey: 'upper-case-retry' };
    const first = await aReferral(beacon, world.coachToken, input);
    const before = await referralCount();
    const retry = await aReferral(beacon, world.coachToken, { ...input, clientId: input.clientId.toUpperCase(), serviceId: input.serviceId.toUpperCase() });
    expect(retry.id).toBe(first.id);
    expect(await referralCount()).toBe(before);
  });

  it('answers a retry for a client since reassigned to another coach with NOT_FOUND, creating nothing', async () => {
    const client = await aClient(beacon, world.coachToken);
    const input = { clientId: client.id, serviceId: world.service.id, idempotencyKey: 'before-reassignment' };
    await aReferral(beacon, world.coachToken, input);
    await beacon.ok(UPDATE_CLIENT, { input: { id: client.id, assignedCoachId: world.people.colleague.id } }, await world.people.supervisor.token());
    const before = await referralCount();
    const response = await beacon.gql(CREATE_REFERRAL, { input }, world.coachToken);
    expect(codes(response)).toEqual(['NOT_FOUND']);
    expect(response.data).toBeNull();
    expect(await referralCount()).toBe(before);
  });

  it('keeps idempotency keys per coach: another coach’s same key makes a new referral', async () => {
    const supervisorToken = await world.people.supervisor.token();
    const mine = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, idempotencyKey: 'shared-key' });
    const theirs = await aReferral(beacon, supervisorToken, { clientId: world.client.id, serviceId: world.service.id, idempotencyKey: 'shared-key' });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.referredBy.id).toBe(world.people.supervisor.id);
  });

  it('writes an audit event on the client’s organization', async () => {
    const referral = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const { auditEvents } = await beacon.ok(AUDIT, { f: { entityId: referral.id } }, await world.people.supervisor.token());
    expect(auditEvents.edges.map((e: any) => e.node)).toEqual([{ action: 'createReferral', entityType: 'Referral', entityId: referral.id, actor: { id: world.people.coach.id } }]);
  });
});
