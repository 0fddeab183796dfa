import { aClient, aConsent, aReferral, CREATE_REFERRAL, TRANSITION, type TestReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { REVOKE_CONSENT } from '../clients/builders';
import { startBeacon, type Beacon } from '../harness/beacon';
import { localDay } from '../harness/days';
import { ADD_NOTE, FOLLOW_UP_QUEUE, RECORD_OUTCOME, REFERRAL, REFERRALS } from './builders';
import { codes } from '../harness/errors';

let beacon: Beacon;
let world: ReferralWorld;
let referral: TestReferral;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
  for (const [name, user] of Object.entries(world.people)) tokens[name] = await user.token();
  referral = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, note: 'Prefers mornings' });
});
afterAll(() => beacon.stop());

/** Those who exist but may not see the referral: answered as if it did not exist. */
const OUTSIDERS = ['colleague', 'outsideCoach', 'outsideSupervisor', 'otherAgency'] as const;

const mutations = () => [
  { name: 'transitionReferral', query: TRANSITION, input: { referralId: referral.id, to: 'ACCEPTED', expectedVersion: referral.version } },
  { name: 'addReferralNote', query: ADD_NOTE, input: { referralId: referral.id, kind: 'CALL', body: 'Called intake' } },
  { name: 'recordOutcome', query: RECORD_OUTCOME, input: { referralId: referral.id, type: 'HOUSED', achievedOn: '2026-01-02', expectedVersion: referral.version } },
];

async function unchanged() {
  const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
  expect(after).toMatchObject({ status: 'REQUESTED', version: referral.version, outcome: null });
  expect(after.notes).toHaveLength(1);
}

describe('who reaches a referral', () => {
  it('shows it to its coach, the coach’s supervisor, the receiving agency and admins', async () => {
    for (const token of [world.coachToken, tokens.supervisor, tokens.agency, world.admin]) {
      expect((await beacon.ok(REFERRAL, { id: referral.id }, token)).referral.id).toBe(referral.id);
    }
  });

  for (const outsider of OUTSIDERS) {
    it(`answers ${outsider} as if it did not exist: referral is null, referrals leave it out`, async () => {
      expect(await beacon.ok(REFERRAL, { id: referral.id }, tokens[outsider])).toEqual({ referral: null });
      const { referrals } = await beacon.ok(REFERRALS, { first: 100 }, tokens[outsider]);
      expect(referrals.edges.map((e: any) => e.node.id)).not.toContain(referral.id);
      const byClient = await beacon.ok(REFERRALS, { filter: { clientId: world.client.id } }, tokens[outsider]);
      expect(byClient.referrals.totalCount).toBe(0);
    });

    it(`answers every referral mutation by ${outsider} with NOT_FOUND and changes nothing`, async () => {
      for (const m of mutations()) {
        const response = await beacon.gql(m.query, { input: m.input }, tokens[outsider]);
        expect([m.name, codes(response)]).toEqual([m.name, ['NOT_FOUND']]);
      }
      await unchanged();
    });
  }

  it('lets no coach of another organization refer a client they do not reach (NOT_FOUND)', async () => {
    for (const token of [tokens.outsideCoach, tokens.outsideSupervisor, tokens.colleague]) {
      const response = await beacon.gql(CREATE_REFERRAL, { input: { clientId: world.client.id, serviceId: world.service.id } }, token);
      expect(codes(response)).toEqual(['NOT_FOUND']);
    }
  });

  it('refuses funders every referral query and mutation (FORBIDDEN), and agency staff and admins the creation', async () => {
    for (const query of [REFERRAL, REFERRALS, FOLLOW_UP_QUEUE]) {
      const response = await beacon.gql(query, { id: referral.id }, tokens.funder);
      expect(codes(response)).toEqual(['FORBIDDEN']);
    }
    for (const m of mutations()) {
      const response = await beacon.gql(m.query, { input: m.input }, tokens.funder);
      expect([m.name, codes(response)]).toEqual([m.name, ['FORBIDDEN']]);
    }
    for (const token of [tokens.funder, tokens.agency, world.admin]) {
      const response = await beacon.gql(CREATE_REFERRAL, { input: { clientId: world.client.id, serviceId: world.service.id } }, token);
      expect(codes(response)).toEqual(['FORBIDDEN']);
    }
    await unchanged();
  });

  it('refuses admins notes and outcomes (FORBIDDEN): they only correct referrals', async () => {
    for (const m of mutations().slice(1)) {
      const response = await beacon.gql(m.query, { input: m.input }, world.admin);
      expect([m.name, codes(response)]).toEqual([m.name, ['FORBIDDEN']]);
    }
    await unchanged();
  });

  it('answers anonymous callers with UNAUTHENTICATED for every referral query and mutation', async () => {
    for (const query of [REFERRAL, REFERRALS, FOLLOW_UP_QUEUE]) {
      const response = await beacon.gql(query, { id: referral.id });
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    }
    for (const m of [...mutations(), { name: 'createReferral', query: CREATE_REFERRAL, input: { clientId: world.client.id, serviceId: world.service.id } }]) {
      const response = await beacon.gql(m.query, { input: m.input });
      expect([m.name, codes(response)]).toEqual([m.name, ['UNAUTHENTICATED']]);
    }
    await unchanged();
  });

  it('shows the receiving agency the notes only under an active SHARE_NOTES consent', async () => {
    const client = await aClient(beacon, world.coachToken);
    const made = await aReferral(beacon, world.coachToken, { clientId: client.id, serviceId: world.service.id, note: 'Has a court date on the 12th' });
    const notesSeen = async () => (await beacon.ok(REFERRAL, { id: made.id }, tokens.agency)).referral.notes.map((n: any) => n.body);

    expect(await notesSeen()).toEqual([]);
    await aConsent(beacon, world.coachToken, client.id, world.agencyOrg.id, { scope: 'SHARE_CONTACT' });
    expect(await notesSeen()).toEqual([]);
    const consent = await aConsent(beacon, world.coachToken, client.id, world.agencyOrg.id, { scope: 'SHARE_NOTES' });
    expect(await notesSeen()).toEqual(['Has a court date on the 12th']);
    await beacon.ok(REVOKE_CONSENT, { id: consent.id }, world.coachToken);
    expect(await notesSeen()).toEqual([]);
    // The coach side always sees them.
    expect((await beacon.ok(REFERRAL, { id: made.id }, world.coachToken)).referral.notes).toHaveLength(1);
  });

  it('shows admins no notes and no outcome note: they see no more of the client than the alias', async () => {
    const made = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, note: 'Relapsed last week' });
    await beacon.ok(RECORD_OUTCOME, { input: { referralId: made.id, type: 'HOUSED', achievedOn: localDay(), note: 'Moved in with her sister', expectedVersion: made.version } }, world.coachToken);
    const seen = (await beacon.ok(REFERRAL, { id: made.id }, world.admin)).referral;
    expect(seen.notes).toEqual([]);
    expect(seen.outcome).toMatchObject({ type: 'HOUSED', note: null });
    expect((await beacon.ok(REFERRAL, { id: made.id }, world.coachToken)).referral.outcome.note).toBe('Moved in with her sister');
  });

  it('shows the receiving agency the outcome note only under an active SHARE_NOTES consent', async () => {
    const client = await aClient(beacon, world.coachToken);
    const made = await aReferral(beacon, world.coachToken, { clientId: client.id, serviceId: world.service.id });
    await beacon.ok(RECORD_OUTCOME, { input: { referralId: made.id, type: 'LOST_CONTACT', achievedOn: localDay(), note: 'In hospital again', expectedVersion: made.version } }, world.coachToken);
    const outcomeSeen = async () => (await beacon.ok(REFERRAL, { id: made.id }, tokens.agency)).referral.outcome;

    expect(await outcomeSeen()).toMatchObject({ type: 'LOST_CONTACT', note: null });
    const consent = await aConsent(beacon, world.coachToken, client.id, world.agencyOrg.id, { scope: 'SHARE_NOTES' });
    expect(await outcomeSeen()).toMatchObject({ type: 'LOST_CONTACT', note: 'In hospital again' });
    await beacon.ok(REVOKE_CONSENT, { id: consent.id }, world.coachToken);
    expect((await outcomeSeen()).note).toBeNull();
  });

  it('hides the goal behind a referral from the agency', async () => {
    const { createGoal } = await beacon.ok(
      `mutation($input: CreateGoalInput!) { createGoal(input: $input) { goal { id } } }`,
      { input: { clientId: world.client.id, domain: 'HOUSING', description: 'Own lease' } },
      world.coachToken,
    );
    const made = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, goalId: createGoal.goal.id });
    expect((await beacon.ok(REFERRAL, { id: made.id }, world.coachToken)).referral.goal).toEqual({ id: createGoal.goal.id });
    expect((await beacon.ok(REFERRAL, { id: made.id }, tokens.agency)).referral.goal).toBeNull();
  });

  it('lets the agency add notes to referrals it received, and records who wrote them', async () => {
    const made = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const { addReferralNote } = await beacon.ok(ADD_NOTE, { input: { referralId: made.id, kind: 'CALL', body: 'Left a voicemail' } }, tokens.agency);
    expect(addReferralNote).toMatchObject({ note: { kind: 'CALL', body: 'Left a voicemail', author: { id: world.people.agency.id } }, referral: { id: made.id, version: 2 } });
    const { auditEvents } = await beacon.ok(
      `query($f: AuditFilter) { auditEvents(filter: $f, first: 10) { edges { node { action actor { id } } } } }`,
      { f: { entityId: made.id } },
      tokens.supervisor,
    );
    expect(auditEvents.edges.map((e: any) => e.node.action).sort()).toEqual(['addReferralNote', 'createReferral']);
  });
});
