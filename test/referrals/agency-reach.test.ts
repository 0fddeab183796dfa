import { aClient, aConsent, aReferral, transition, TRANSITION, type TestReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { codes, errorOf } from '../harness/errors';
import { startBeacon, type Beacon } from '../harness/beacon';
import { localDay } from '../harness/days';
import { ADD_NOTE, FOLLOW_UP_QUEUE, RECORD_OUTCOME, REFERRAL } from './builders';

/*
 * Agency staff reach a client only through a referral their organization received and that
 * was sent: a DRAFT (and a draft cancelled or entered in error without ever being sent) is the
 * requester's alone; one entered in error after it was sent stays visible, alias only.
 */

const PERSON = { firstName: 'Rosa', lastName: 'Delgado', phone: '555-0133', email: 'rosa@example.org', birthYear: 1985, postalCode: '02139' };
const HIDDEN = { firstName: null, lastName: null, phone: null, email: null, birthYear: null, postalCode: null };
const PERSONAL = 'id alias firstName lastName phone email birthYear postalCode';
const CLIENT = `query($id: ID!) { client(id: $id) { ${PERSONAL} openReferralCount referrals(first: 50) { totalCount edges { node { id } } } } }`;
const INCOMING = `query($filter: ReferralFilter) { referrals(filter: $filter, first: 100) { totalCount edges { node { id status client { ${PERSONAL} } notes { body } history { reason } outcome { note } } } } }`;
const SEEN = `query($id: ID!) { referral(id: $id) { id status client { ${PERSONAL} } notes { body } history { reason } outcome { type note } } }`;
const AUDIT = `query($f: AuditFilter) { auditEvents(filter: $f, first: 100) { edges { node { action actor { id } } } } }`;

let beacon: Beacon;
let w: ReferralWorld;
let agency: string;
beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
  agency = await w.people.agency.token();
});
afterAll(() => beacon.stop());

/** A client with personal details who consented to share contact details and notes with the world's agency. */
async function aConsentingClient() {
  const client = await aClient(beacon, w.coachToken, { ...PERSON, allowDuplicate: true });
  await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { scope: 'SHARE_CONTACT' });
  await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { scope: 'SHARE_NOTES' });
  return client;
}

const aDraft = (clientId: string, note = 'Was using again last month') =>
  aReferral(beacon, w.coachToken, { clientId, serviceId: w.service.id, send: false, note });

const ids = (connection: any): string[] => connection.edges.map((e: any) => e.node.id);

/** Every referrals filter the agency could try, each of which must leave `id` out. */
function filtersFor(referral: TestReferral, clientId: string): (Record<string, unknown> | undefined)[] {
  return [
    undefined,
    {},
    { statuses: [referral.status] },
    { statuses: ['DRAFT', 'REQUESTED', 'ACCEPTED', 'REJECTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED', 'CANCELLED', 'ENTERED_IN_ERROR'] },
    { direction: 'RECEIVED' },
    { direction: 'RECEIVED', statuses: [referral.status] },
    { clientId },
    { clientId: clientId.toUpperCase() },
    { serviceId: w.service.id },
    { overdueOnly: true },
    { createdAfter: new Date(Date.now() - 3600_000).toISOString() },
  ];
}

/** What the agency learns of `referral` and its client: nothing at all. */
async function expectInvisibleToAgency(referral: TestReferral, clientId: string) {
  for (const filter of filtersFor(referral, clientId)) {
    const { referrals } = await beacon.ok(INCOMING, { filter }, agency);
    expect([filter, ids(referrals)]).toEqual([filter, expect.not.arrayContaining([referral.id])]);
    if (filter && 'clientId' in filter) expect([filter, referrals.totalCount]).toEqual([filter, 0]);
  }
  for (const id of [referral.id, referral.id.toUpperCase()]) {
    expect(await beacon.ok(REFERRAL, { id }, agency)).toEqual({ referral: null });
  }
  expect(ids((await beacon.ok(FOLLOW_UP_QUEUE, { first: 100 }, agency)).followUpQueue)).not.toContain(referral.id);
  expect(await beacon.ok(CLIENT, { id: clientId }, agency)).toEqual({ client: null });
}

/** The agency's referral mutations on `referral`: each NOT_FOUND, nothing written and nothing audited. */
async function expectAgencyMutationsNotFound(referral: TestReferral) {
  const before = (await beacon.ok(REFERRAL, { id: referral.id }, w.coachToken)).referral;
  const attempts = [
    { query: TRANSITION, input: { referralId: referral.id, to: 'ACCEPTED', expectedVersion: referral.version } },
    { query: TRANSITION, input: { referralId: referral.id, to: 'REJECTED', reason: 'No beds', expectedVersion: referral.version } },
    { query: TRANSITION, input: { referralId: referral.id, to: 'ENTERED_IN_ERROR', reason: 'x', expectedVersion: referral.version } },
    // A stale version would be a CONFLICT naming the current one, were the referral in reach.
    { query: TRANSITION, input: { referralId: referral.id, to: 'ACCEPTED', expectedVersion: referral.version + 5 } },
    { query: ADD_NOTE, input: { referralId: referral.id, kind: 'CALL', body: 'Called the client' } },
    { query: ADD_NOTE, input: { referralId: referral.id.toUpperCase(), body: 'Called the client' } },
    { query: RECORD_OUTCOME, input: { referralId: referral.id, type: 'NO_CAPACITY', achievedOn: localDay(), expectedVersion: referral.version } },
  ];
  for (const { query, input } of attempts) {
    const response = await beacon.gql(query, { input }, agency);
    expect([input, codes(response)]).toEqual([input, ['NOT_FOUND']]);
    expect(JSON.stringify(response.errors)).not.toMatch(/version \d|allowed/i);
  }
  const after = (await beacon.ok(REFERRAL, { id: referral.id }, w.coachToken)).referral;
  expect(after).toEqual(before);
  const { auditEvents } = await beacon.ok(AUDIT, { f: { entityId: referral.id, actorId: w.people.agency.id } }, w.admin);
  expect(auditEvents.edges).toEqual([]);
}

describe('a DRAFT, to the agency it is addressed to', () => {
  it('does not exist: absent from every list, filter and queue, referral(id) null, its client out of reach', async () => {
    const client = await aConsentingClient();
    const draft = await aDraft(client.id);
    // Overdue, so the overdue filter and the follow-up queue would both pick it up.
    await beacon.dataSource.query(`UPDATE referral SET follow_up_due = now() - interval '3 days' WHERE id = $1`, [draft.id]);
    await expectInvisibleToAgency(draft, client.id);
  });

  it('refuses every agency mutation on it with NOT_FOUND, writing nothing', async () => {
    const client = await aConsentingClient();
    const draft = await aDraft(client.id);
    await expectAgencyMutationsNotFound(draft);
  });

  it('is left out of what the agency sees of a client it does reach: the client’s referrals, counts and contact details', async () => {
    const client = await aConsentingClient();
    const sent = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id });
    const draft = await aDraft(client.id);
    const seen = (await beacon.ok(CLIENT, { id: client.id }, agency)).client;
    expect(seen).toMatchObject({ ...PERSON, openReferralCount: 1, referrals: { totalCount: 1, edges: [{ node: { id: sent.id } }] } });
    const byClient = (await beacon.ok(INCOMING, { filter: { clientId: client.id } }, agency)).referrals;
    expect([byClient.totalCount, ids(byClient)]).toEqual([1, [sent.id]]);
    expect((await beacon.ok(REFERRAL, { id: draft.id }, agency)).referral).toBeNull();
    // The coach side counts both.
    expect((await beacon.ok(CLIENT, { id: client.id }, w.coachToken)).client).toMatchObject({ openReferralCount: 2, referrals: { totalCount: 2 } });
  });

  it('becomes visible once sent, with the consented contact details and notes', async () => {
    const client = await aConsentingClient();
    const draft = await aDraft(client.id, 'Prefers a women-only house');
    await expectInvisibleToAgency(draft, client.id);
    const sent = await transition(beacon, w.coachToken, draft, 'REQUESTED');
    const seen = (await beacon.ok(SEEN, { id: sent.id }, agency)).referral;
    expect(seen).toMatchObject({ id: draft.id, status: 'REQUESTED', notes: [{ body: 'Prefers a women-only house' }] });
    expect((await beacon.ok(CLIENT, { id: client.id }, agency)).client).toMatchObject({ ...PERSON, openReferralCount: 1 });
    expect(ids((await beacon.ok(INCOMING, { filter: { statuses: ['REQUESTED'] } }, agency)).referrals)).toContain(draft.id);
  });

  for (const [closing, reason] of [['CANCELLED', 'Client changed her mind'], ['ENTERED_IN_ERROR', 'Wrong service']] as const) {
    it(`stays invisible when it went from DRAFT to ${closing} without ever being sent`, async () => {
      const client = await aConsentingClient();
      const closed = await transition(beacon, w.coachToken, await aDraft(client.id), closing, reason);
      expect(closed.status).toBe(closing);
      await expectInvisibleToAgency(closed, client.id);
      await expectAgencyMutationsNotFound(closed);
    });
  }

  it('a referral that was sent and then cancelled stays visible to the agency (it was sent)', async () => {
    const client = await aConsentingClient();
    const sent = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id });
    const cancelled = await transition(beacon, w.coachToken, sent, 'CANCELLED', 'Found a place');
    expect((await beacon.ok(REFERRAL, { id: cancelled.id }, agency)).referral).toMatchObject({ status: 'CANCELLED' });
    expect((await beacon.ok(CLIENT, { id: client.id }, agency)).client).toMatchObject(PERSON);
  });
});

describe('a referral entered in error after it was sent', () => {
  /** Sent, with a note from each side, accepted, put on hold by the agency, closed with an outcome note, then entered in error. */
  async function anErroneousReferral() {
    const client = await aConsentingClient();
    let referral = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id, note: 'Court date on the 12th' });
    await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body: 'Intake call done' } }, agency);
    referral = (await beacon.ok(REFERRAL, { id: referral.id }, w.coachToken)).referral;
    referral = await transition(beacon, agency, referral, 'ACCEPTED');
    referral = await transition(beacon, agency, referral, 'ON_HOLD', 'Waiting for her ID');
    const outcome = { referralId: referral.id, type: 'HOUSED', achievedOn: localDay(), note: 'Moved in on Monday', expectedVersion: referral.version };
    referral = (await beacon.ok(RECORD_OUTCOME, { input: outcome }, w.coachToken)).recordOutcome.referral;
    // Before the error, the consents show the agency everything.
    const before = (await beacon.ok(SEEN, { id: referral.id }, agency)).referral;
    expect(before).toMatchObject({ client: { firstName: PERSON.firstName }, notes: [{}, {}], outcome: { note: 'Moved in on Monday' } });
    referral = await transition(beacon, w.coachToken, referral, 'ENTERED_IN_ERROR', 'Meant for her sister');
    return { client, referral };
  }

  it('stays visible to the agency, with the client alias only, no notes, no outcome note and no reasons, even under consent', async () => {
    const { client, referral } = await anErroneousReferral();
    const seen = (await beacon.ok(SEEN, { id: referral.id }, agency)).referral;
    expect(seen).toMatchObject({ id: referral.id, status: 'ENTERED_IN_ERROR', client: { id: client.id, alias: client.alias, ...HIDDEN }, notes: [], outcome: { type: 'HOUSED', note: null } });
    expect(seen.history.map((e: any) => e.reason)).toEqual(seen.history.map(() => null));
    expect(JSON.stringify(seen)).not.toMatch(/Court date|Intake call|Moved in|Waiting for her ID|her sister/);

    const listed = (await beacon.ok(INCOMING, { filter: { clientId: client.id } }, agency)).referrals;
    expect(listed.edges.map((e: any) => e.node)).toEqual([
      { id: referral.id, status: 'ENTERED_IN_ERROR', client: { id: client.id, alias: client.alias, ...HIDDEN }, notes: [], history: seen.history.map(() => ({ reason: null })), outcome: { note: null } },
    ]);
    expect((await beacon.ok(CLIENT, { id: client.id }, agency)).client).toMatchObject({ alias: client.alias, ...HIDDEN, referrals: { totalCount: 1 } });

    // The referring side still reads all of it.
    const coach = (await beacon.ok(SEEN, { id: referral.id }, w.coachToken)).referral;
    expect(coach).toMatchObject({ client: PERSON, notes: [{ body: 'Court date on the 12th' }, { body: 'Intake call done' }], outcome: { note: 'Moved in on Monday' } });
    expect(coach.history.map((e: any) => e.reason)).toEqual([null, null, 'Waiting for her ID', 'Outcome: HOUSED', 'Meant for her sister']);
  });

  it("refuses the agency's mutations on it and writes nothing", async () => {
    const { referral } = await anErroneousReferral();
    const attempts = [
      { query: TRANSITION, input: { referralId: referral.id, to: 'IN_PROGRESS', expectedVersion: referral.version }, code: 'INVALID_TRANSITION' },
      { query: RECORD_OUTCOME, input: { referralId: referral.id, type: 'HOUSED', achievedOn: localDay(), expectedVersion: referral.version }, code: 'INVALID_TRANSITION' },
      { query: ADD_NOTE, input: { referralId: referral.id, body: 'She called us' }, code: 'FORBIDDEN' },
    ];
    for (const { query, input, code } of attempts) {
      const response = await beacon.gql(query, { input }, agency);
      expect([input, codes(response)]).toEqual([input, [code]]);
      if (code === 'INVALID_TRANSITION') expect(errorOf(response)?.allowed).toEqual([]);
    }
    const after = (await beacon.ok(REFERRAL, { id: referral.id }, w.coachToken)).referral;
    expect(after).toMatchObject({ status: 'ENTERED_IN_ERROR', version: referral.version });
    expect(after.notes).toHaveLength(2);
    // The referring side may still annotate its own mistake.
    await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body: 'Re-sent for the right client' } }, w.coachToken);
  });

  it('reaches no more than the alias even when it is the only referral among several of the client’s that was sent', async () => {
    const { client } = await anErroneousReferral();
    const draft = await aDraft(client.id);
    expect((await beacon.ok(CLIENT, { id: client.id }, agency)).client).toMatchObject({ alias: client.alias, ...HIDDEN, openReferralCount: 0 });
    expect((await beacon.ok(REFERRAL, { id: draft.id }, agency)).referral).toBeNull();
    // A live referral sent afterwards is what brings the consented details back.
    await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id });
    expect((await beacon.ok(CLIENT, { id: client.id }, agency)).client).toMatchObject({ ...PERSON, openReferralCount: 1 });
  });

  it('gives no other agency anything, and the agency of another service of the client nothing of this one', async () => {
    const { client, referral } = await anErroneousReferral();
    const other = await w.people.otherAgency.token();
    expect((await beacon.ok(REFERRAL, { id: referral.id }, other)).referral).toBeNull();
    expect((await beacon.ok(CLIENT, { id: client.id }, other)).client).toBeNull();
  });
});
