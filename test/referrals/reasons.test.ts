import { aClient, aConsent, aReferral, transition, TRANSITION, type TestReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { codes } from '../harness/errors';
import { REVOKE_CONSENT } from '../clients/builders';
import { startBeacon, type Beacon } from '../harness/beacon';
import { localDay } from '../harness/days';
import { RECORD_OUTCOME } from './builders';

/*
 * A history event's reason is free text like a note: the referring side reads every reason;
 * the agency its own staff's, and the others' only under an active SHARE_NOTES consent for its
 * organization (never once the referral is entered in error); admins only the reasons of
 * ENTERED_IN_ERROR events.
 */

const SECRET = 'relapsed and was arrested';
const HISTORY = `history { from to reason onBehalfOfAgency actor { id } }`;
const READ = `query($id: ID!) { referral(id: $id) { id status version ${HISTORY} } }`;
const EVERY_WAY = `query($id: ID!, $clientId: ID!) {
  referral(id: $id) { ${HISTORY} outcome { note } notes { body } client { referrals { edges { node { ${HISTORY} } } } } }
  referrals(filter: { clientId: $clientId }, first: 50) { edges { node { ${HISTORY} } } }
  followUpQueue(first: 100) { edges { node { ${HISTORY} } } }
  client(id: $clientId) { referrals { edges { node { ${HISTORY} } } } }
}`;

let beacon: Beacon;
let w: ReferralWorld;
let agency: string;
beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
  agency = await w.people.agency.token();
});
afterAll(() => beacon.stop());

const reasonsSeen = async (id: string, token: string) =>
  (await beacon.ok(READ, { id }, token)).referral.history.map((e: any) => [e.to, e.reason]) as [string, string | null][];

/** A referral the agency accepted and the coach then cancelled, giving SECRET as the reason. */
async function aCancelledReferral() {
  const client = await aClient(beacon, w.coachToken);
  const requested = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id });
  const accepted = await transition(beacon, agency, requested, 'ACCEPTED');
  const cancelled = await transition(beacon, w.coachToken, accepted, 'CANCELLED', SECRET);
  return { client, referral: cancelled };
}

describe('the requester side’s reasons, to the receiving agency', () => {
  it('are null without SHARE_NOTES, shown under it, and hidden again once it is revoked', async () => {
    const { client, referral } = await aCancelledReferral();
    const hidden = [['REQUESTED', null], ['ACCEPTED', null], ['CANCELLED', null]];
    expect(await reasonsSeen(referral.id, agency)).toEqual(hidden);

    // Consent of the wrong kind, or for another organization, changes nothing.
    await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { scope: 'SHARE_CONTACT' });
    await aConsent(beacon, w.coachToken, client.id, w.otherAgencyOrg.id, { scope: 'SHARE_NOTES' });
    expect(await reasonsSeen(referral.id, agency)).toEqual(hidden);

    const consent = await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { scope: 'SHARE_NOTES' });
    expect(await reasonsSeen(referral.id, agency)).toEqual([['REQUESTED', null], ['ACCEPTED', null], ['CANCELLED', SECRET]]);
    await beacon.ok(REVOKE_CONSENT, { id: consent.id }, w.coachToken);
    expect(await reasonsSeen(referral.id, agency)).toEqual(hidden);
  });

  it('cannot be read another way: lists, the queue, the client’s referrals, error messages', async () => {
    const { client, referral } = await aCancelledReferral();
    const everything = await beacon.gql(EVERY_WAY, { id: referral.id, clientId: client.id }, agency);
    expect(everything.errors).toBeUndefined();
    expect(everything.data.referral.history.length).toBe(3);
    expect(JSON.stringify(everything)).not.toContain('arrested');

    // Steps that are refused describe the referral, never its reasons.
    const attempts = [
      { query: TRANSITION, input: { referralId: referral.id, to: 'IN_PROGRESS', expectedVersion: referral.version } },
      { query: TRANSITION, input: { referralId: referral.id, to: 'IN_PROGRESS', expectedVersion: referral.version - 1 } },
      { query: RECORD_OUTCOME, input: { referralId: referral.id, type: 'HOUSED', achievedOn: localDay(), expectedVersion: referral.version } },
    ];
    for (const { query, input } of attempts) {
      const response = await beacon.gql(query, { input }, agency);
      expect(codes(response)).toHaveLength(1);
      expect(JSON.stringify(response)).not.toContain('arrested');
    }
  });

  it("include a coach's step recorded on the agency's behalf: the coach typed that reason", async () => {
    const client = await aClient(beacon, w.coachToken);
    const accepted = await transition(beacon, agency, await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id }), 'ACCEPTED');
    const onHold = await transition(beacon, w.coachToken, accepted, 'ON_HOLD', 'In detox until the 20th');
    expect(onHold.history.at(-1)).toMatchObject({ to: 'ON_HOLD', onBehalfOfAgency: true, reason: 'In detox until the 20th' });
    expect((await reasonsSeen(onHold.id, agency)).at(-1)).toEqual(['ON_HOLD', null]);
    // Nor does the agency's next step hand it back in the mutation's answer.
    const resumed = await beacon.ok(TRANSITION, { input: { referralId: onHold.id, to: 'IN_PROGRESS', expectedVersion: onHold.version } }, agency);
    expect(JSON.stringify(resumed)).not.toContain('detox');
  });
});

describe("the agency's own reasons", () => {
  it('are shown to it without any consent: REJECTED, ON_HOLD and FAILED', async () => {
    const client = await aClient(beacon, w.coachToken);
    const rejected = await transition(beacon, agency, await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id }), 'REJECTED', 'No beds until March');
    expect(await reasonsSeen(rejected.id, agency)).toEqual([['REQUESTED', null], ['REJECTED', 'No beds until March']]);

    const accepted = await transition(beacon, agency, await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id }), 'ACCEPTED');
    const onHold = await transition(beacon, agency, accepted, 'ON_HOLD', 'Waiting on her ID');
    const failed = await transition(beacon, agency, onHold, 'FAILED', 'Did not come to intake');
    expect(failed.history.map((e: any) => e.reason)).toEqual([null, null, 'Waiting on her ID', 'Did not come to intake']);
    expect(await reasonsSeen(failed.id, agency)).toEqual([['REQUESTED', null], ['ACCEPTED', null], ['ON_HOLD', 'Waiting on her ID'], ['FAILED', 'Did not come to intake']]);
  });

  it('are hidden from another agency, which does not see the referral at all', async () => {
    const client = await aClient(beacon, w.coachToken);
    const rejected = await transition(beacon, agency, await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id }), 'REJECTED', 'Not eligible');
    expect((await beacon.ok(READ, { id: rejected.id }, await w.people.otherAgency.token())).referral).toBeNull();
  });
});

describe('admins', () => {
  it('read only the reasons of ENTERED_IN_ERROR events; the referring side reads every reason', async () => {
    const client = await aClient(beacon, w.coachToken);
    let referral: TestReferral = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id });
    referral = await transition(beacon, agency, referral, 'ACCEPTED');
    referral = await transition(beacon, agency, referral, 'ON_HOLD', 'Waiting list');
    referral = await transition(beacon, w.coachToken, referral, 'CANCELLED', SECRET);
    referral = await transition(beacon, w.admin, referral, 'ENTERED_IN_ERROR', 'Duplicate of another referral');

    expect(await reasonsSeen(referral.id, w.admin)).toEqual([
      ['REQUESTED', null],
      ['ACCEPTED', null],
      ['ON_HOLD', null],
      ['CANCELLED', null],
      ['ENTERED_IN_ERROR', 'Duplicate of another referral'],
    ]);
    const all = [['REQUESTED', null], ['ACCEPTED', null], ['ON_HOLD', 'Waiting list'], ['CANCELLED', SECRET], ['ENTERED_IN_ERROR', 'Duplicate of another referral']];
    expect(await reasonsSeen(referral.id, w.coachToken)).toEqual(all);
    expect(await reasonsSeen(referral.id, await w.people.supervisor.token())).toEqual(all);
    // Once entered in error the agency reads none, its own included, even under SHARE_NOTES.
    await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { scope: 'SHARE_NOTES' });
    expect((await reasonsSeen(referral.id, agency)).map(([, reason]) => reason)).toEqual([null, null, null, null, null]);
  });

  it('read no outcome reason or outcome note', async () => {
    const client = await aClient(beacon, w.coachToken);
    const referral = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id });
    await beacon.ok(RECORD_OUTCOME, { input: { referralId: referral.id, type: 'CLIENT_DECLINED', achievedOn: localDay(), note: SECRET, expectedVersion: referral.version } }, w.coachToken);
    const seen = await beacon.ok(`query($id: ID!) { referral(id: $id) { ${HISTORY} outcome { type note } } }`, { id: referral.id }, w.admin);
    expect(seen.referral.outcome).toEqual({ type: 'CLIENT_DECLINED', note: null });
    expect(seen.referral.history.map((e: any) => e.reason)).toEqual([null, null]);
    expect(JSON.stringify(seen)).not.toContain('arrested');
  });
});
