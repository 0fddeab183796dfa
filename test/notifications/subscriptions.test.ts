import { startBeacon, type Beacon, type GraphQLResponse } from '../harness/beacon';
import { aConsent, aLocation, aReferral, aService, transition, type TestReferral } from '../harness/builders';
import { localDay } from '../harness/days';
import { codes } from '../harness/errors';
import { connect, listening, LIVE_ENV, REFERRAL_UPDATES_DETAILED, settle, type Connection, type Subscription } from '../harness/subscriptions';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { aClient, aCoach } from '../harness/builders';
import { signToken } from '../../src/auth/tokens';
import { ADD_NOTE, RECORD_OUTCOME } from '../referrals/builders';

let beacon: Beacon;
let world: ReferralWorld;
const connections: Connection[] = [];

beforeAll(async () => {
  beacon = await startBeacon(LIVE_ENV);
  world = await aReferralWorld(beacon);
});
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await listening(beacon, 0);
});
afterAll(() => beacon.stop());

type Person = keyof ReferralWorld['people'];

/** Connects `who` and subscribes with `variables`; resolves once the subscription listens (`count`: how many listen on the Beacon by then). */
async function subscribeAs(token: string, variables: Record<string, unknown> = {}, query = REFERRAL_UPDATES_DETAILED): Promise<Subscription> {
  const connection = connect(beacon, token);
  connections.push(connection);
  return connection.subscribe(query, variables);
}

async function subscribers(people: Person[], variables: Record<string, unknown> = {}): Promise<Record<Person, Subscription>> {
  const entries = await Promise.all(people.map(async (p) => [p, await subscribeAs(await world.people[p].token(), variables)] as const));
  await listening(beacon, people.length);
  return Object.fromEntries(entries) as Record<Person, Subscription>;
}

const update = (result: GraphQLResponse) => result.data!.referralUpdates;
/** Each update's kind and the version its change made (the referral's own version may have moved on by delivery). */
const kindsOf = (s: Subscription) => s.results.map((r) => `${update(r).kind}@${update(r).version}`);

async function note(token: string, referral: { id: string }, body: string) {
  return (await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body } }, token)).addReferralNote.referral as { id: string; version: number };
}

async function outcome(token: string, referral: { id: string; version: number }) {
  const input = { referralId: referral.id, type: 'HOUSED', achievedOn: localDay(), note: 'Moved in on Monday', expectedVersion: referral.version };
  return (await beacon.ok(RECORD_OUTCOME, { input }, token)).recordOutcome.referral as TestReferral;
}

describe('referralUpdates', () => {
  it('brings each kind of change to the referring coach, their supervisor and the receiving agency, and to nobody else', async () => {
    const hearing: Person[] = ['coach', 'supervisor', 'agency'];
    const deaf: Person[] = ['colleague', 'outsideCoach', 'outsideSupervisor', 'otherAgency'];
    const subs = await subscribers([...hearing, ...deaf]);

    const created = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const accepted = await transition(beacon, await world.people.agency.token(), created, 'ACCEPTED');
    const noted = await note(world.coachToken, accepted, 'Called the landlord');
    await outcome(world.coachToken, { id: created.id, version: noted.version });

    const expected = ['CREATED@1', 'STATUS_CHANGED@2', 'NOTE_ADDED@3', 'OUTCOME_RECORDED@4'];
    for (const person of hearing) {
      for (let i = 0; i < expected.length; i++) await subs[person].next();
      expect({ person, kinds: kindsOf(subs[person]) }).toEqual({ person, kinds: expected });
      expect(subs[person].results.every((r) => update(r).referral.id === created.id && !r.errors)).toBe(true);
    }
    await settle();
    for (const person of deaf) expect({ person, heard: subs[person].results }).toEqual({ person, heard: [] });
  });

  it("names each update's event and the version that change made, whatever the referral's version at delivery", async () => {
    const connection = connect(beacon, world.coachToken);
    connections.push(connection);
    const referral = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const subscription = connection.subscribe(`subscription($filter: ReferralUpdatesFilter) { referralUpdates(filter: $filter) { eventId version kind referral { version } } }`, {
      filter: { referralId: referral.id },
    });
    await listening(beacon, 1);
    // Two changes committed together: both are resolved after the second, at the referral's version 3.
    await beacon.dataSource.transaction(async (em) => {
      for (const version of [2, 3]) {
        await em.query(`UPDATE referral SET version = $2 WHERE id = $1`, [referral.id, version]);
        await em.query(
          `WITH e AS (INSERT INTO referral_update (referral_id, kind, version, status, receiving_organization_id, referring_organization_id, sent)
             SELECT id, 'NOTE_ADDED', version, status, receiving_organization_id, referring_organization_id, true FROM referral WHERE id = $1 RETURNING id)
           SELECT pg_notify('referral_updates', e.id::text) FROM e`,
          [referral.id],
        );
      }
    });
    const updates = [(await subscription.next()).data!.referralUpdates, (await subscription.next()).data!.referralUpdates];
    const events = await beacon.dataSource.query(`SELECT id, version FROM referral_update WHERE referral_id = $1 AND version > 1 ORDER BY version`, [referral.id]);
    expect(updates.map((u: any) => [u.eventId, u.version, u.referral.version])).toEqual(events.map((e: any) => [e.id, e.version, 3]));
  });

  it('never tells the agency of a draft, its notes, or a draft cancelled unsent; sending it does', async () => {
    const subs = await subscribers(['coach', 'agency']);
    const draft = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, send: false });
    const noted = await note(world.coachToken, draft, 'Waiting for the client to decide');
    const cancelledDraft = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, send: false });
    await transition(beacon, world.coachToken, cancelledDraft, 'CANCELLED', 'Client changed her mind');
    for (let i = 0; i < 4; i++) await subs.coach.next();
    await settle();
    expect(subs.agency.results).toEqual([]);

    await transition(beacon, world.coachToken, { id: draft.id, version: noted.version }, 'REQUESTED');
    const heard = update(await subs.agency.next());
    expect(heard).toMatchObject({ kind: 'STATUS_CHANGED', version: 3, referral: { id: draft.id, status: 'REQUESTED', version: 3 } });
    await subs.coach.next();
    expect(kindsOf(subs.coach)).toEqual(['CREATED@1', 'NOTE_ADDED@2', 'CREATED@1', 'STATUS_CHANGED@2', 'STATUS_CHANGED@3']);
  });

  it('is refused to funders and admins (FORBIDDEN) and to anonymous callers and bad tokens (closed 4401)', async () => {
    for (const token of [await world.people.funder.token(), world.admin]) {
      const refused = await subscribeAs(token);
      expect(codes(await refused.next())).toEqual(['FORBIDDEN']);
      expect(await refused.ended).toEqual([]);
    }
    for (const authorization of [undefined, 'Bearer not-a-token', `Bearer ${world.coachToken}x`, `Basic ${world.coachToken}`]) {
      const connection = connect(beacon, undefined, authorization);
      connection.subscribe();
      expect({ authorization, closed: await connection.closed }).toEqual({ authorization, closed: { code: 4401, reason: 'Unauthorized' } });
    }
  });
});

describe('what each subscriber sees of one update', () => {
  const CLIENT = { firstName: 'Rosa', lastName: 'Delgado', phone: '+15555550123' };

  async function aCancelledReferralWithANote() {
    const client = await aClient(beacon, world.coachToken, CLIENT);
    const referral = await aReferral(beacon, world.coachToken, { clientId: client.id, serviceId: world.service.id, note: 'Needs a ground-floor unit' });
    return { client, referral };
  }

  it('the agency without consent: the alias, no names, no notes, no requester reasons; the coach: everything', async () => {
    const { client, referral } = await aCancelledReferralWithANote();
    const subs = await subscribers(['coach', 'agency'], { filter: { referralId: referral.id } });
    await transition(beacon, world.coachToken, referral, 'CANCELLED', 'Found housing elsewhere');

    const coachView = update(await subs.coach.next()).referral;
    const agencyView = update(await subs.agency.next()).referral;
    expect(coachView.client).toEqual({ alias: client.alias, ...CLIENT });
    expect(coachView.notes).toEqual([{ body: 'Needs a ground-floor unit' }]);
    expect(coachView.history.map((h: any) => h.reason)).toEqual([null, 'Found housing elsewhere']);
    expect(agencyView.client).toEqual({ alias: client.alias, firstName: null, lastName: null, phone: null });
    expect(agencyView.notes).toEqual([]);
    expect(agencyView.history.map((h: any) => h.reason)).toEqual([null, null]);
  });

  it('the agency under SHARE_CONTACT sees the names, under SHARE_NOTES the notes and reasons', async () => {
    const { client, referral } = await aCancelledReferralWithANote();
    await aConsent(beacon, world.coachToken, client.id, world.agencyOrg.id);
    await aConsent(beacon, world.coachToken, client.id, world.agencyOrg.id, { scope: 'SHARE_NOTES' });
    const subs = await subscribers(['agency'], { filter: { referralId: referral.id } });
    await transition(beacon, world.coachToken, referral, 'CANCELLED', 'Found housing elsewhere');

    const agencyView = update(await subs.agency.next()).referral;
    expect(agencyView.client).toEqual({ alias: client.alias, ...CLIENT });
    expect(agencyView.notes).toEqual([{ body: 'Needs a ground-floor unit' }]);
    expect(agencyView.history.map((h: any) => h.reason)).toEqual([null, 'Found housing elsewhere']);
  });

  it('each delivery reads the client record afresh, under the subscription\'s own request id, and audits it', async () => {
    const { client, referral } = await aCancelledReferralWithANote();
    const readsOfClient = (): Promise<{ request_id: string }[]> =>
      beacon.dataSource.query(`SELECT request_id FROM audit_event WHERE action = 'readClient' AND entity_id = $1 AND actor_id = $2 ORDER BY at`, [
        client.id,
        world.people.coach.id,
      ]);
    const before = (await readsOfClient()).map((r) => r.request_id);
    const subs = await subscribers(['coach'], { filter: { referralId: referral.id } });
    const noted = await note(world.coachToken, referral, 'First call');
    await note(world.coachToken, noted, 'Second call');
    await subs.coach.next();
    expect(update(await subs.coach.next()).referral.notes).toHaveLength(3);

    // One read per delivered event (a fresh context each), both under the one subscription's id, which no HTTP request had.
    const reads = (await readsOfClient()).map((r) => r.request_id).slice(before.length);
    expect(reads).toHaveLength(2);
    expect(reads[0]).toBe(reads[1]);
    expect(before).not.toContain(reads[0]);
  });
});

describe('what the agency sees changes with the referral and the consent, at each delivery', () => {
  const CLIENT = { firstName: 'Ana', lastName: 'Reyes', phone: '+15555550199' };

  /** A client who shares contact and notes with the agency, referred with a note; the agency subscribed to the referral. */
  async function aSharedReferral() {
    const client = await aClient(beacon, world.coachToken, CLIENT);
    const contact = await aConsent(beacon, world.coachToken, client.id, world.agencyOrg.id);
    const notes = await aConsent(beacon, world.coachToken, client.id, world.agencyOrg.id, { scope: 'SHARE_NOTES' });
    const referral = await aReferral(beacon, world.coachToken, { clientId: client.id, serviceId: world.service.id, note: 'Prefers mornings' });
    const subs = await subscribers(['agency'], { filter: { referralId: referral.id } });
    await note(world.coachToken, referral, 'Called the agency');
    const shared = update(await subs.agency.next()).referral;
    expect(shared.client).toEqual({ alias: client.alias, ...CLIENT });
    expect(shared.notes.map((n: any) => n.body)).toEqual(['Prefers mornings', 'Called the agency']);
    return { client, referral: { id: referral.id, version: shared.version }, consents: [contact, notes], agency: subs.agency };
  }

  it('once the client revokes SHARE_CONTACT and SHARE_NOTES, the next update shows the alias only and no notes', async () => {
    const { client, referral, consents, agency } = await aSharedReferral();
    for (const consent of consents) await beacon.ok(`mutation($id: ID!) { revokeConsent(id: $id) { consent { id } } }`, { id: consent.id }, world.coachToken);
    await note(world.coachToken, referral, 'After the revocation');
    const revoked = update(await agency.next()).referral;
    expect(revoked.client).toEqual({ alias: client.alias, firstName: null, lastName: null, phone: null });
    expect(revoked.notes).toEqual([]);
  });

  it('once the referral is ENTERED_IN_ERROR, its update carries the alias only, its notes hidden, whatever the consent', async () => {
    const { client, referral, agency } = await aSharedReferral();
    await transition(beacon, world.coachToken, referral, 'ENTERED_IN_ERROR', 'Wrong client');
    const voided = update(await agency.next()).referral;
    expect(voided).toMatchObject({ id: referral.id, status: 'ENTERED_IN_ERROR' });
    expect(voided.client).toEqual({ alias: client.alias, firstName: null, lastName: null, phone: null });
    expect(voided.notes).toEqual([]);
  });

  it('a service at a confidential location: every subscriber who hears of the referral (its coach, its own agency) may see the address', async () => {
    const shelter = await aService(beacon, await world.people.agency.token(), { locations: [aLocation({ name: 'Safe house', confidential: true, latitude: 40.7312, longitude: -73.9871 })] });
    const withLocation = `subscription($filter: ReferralUpdatesFilter) {
      referralUpdates(filter: $filter) { referral { id service { locations { confidential latitude longitude address { address1 } } } } }
    }`;
    const coach = await subscribeAs(world.coachToken, {}, withLocation);
    const agency = await subscribeAs(await world.people.agency.token(), {}, withLocation);
    await listening(beacon, 2);
    await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: shelter.id });
    for (const sub of [coach, agency]) {
      expect(update(await sub.next()).referral.service.locations).toEqual([{ confidential: true, latitude: 40.7312, longitude: -73.9871, address: { address1: '100 Harbor St' } }]);
    }
  });
});

describe('filters', () => {
  it("a referralId of another organization's referral stays silent, exactly like a made-up id", async () => {
    const theirs = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const outsider = await world.people.outsideCoach.token();
    const named = await subscribeAs(outsider, { filter: { referralId: theirs.id } });
    const madeUp = await subscribeAs(outsider, { filter: { referralId: '00000000-0000-4000-8000-000000000000' } });
    await listening(beacon, 2);
    await note(world.coachToken, theirs, 'Not for outsiders');
    await transition(beacon, await world.people.agency.token(), { id: theirs.id, version: 2 }, 'ACCEPTED');
    await settle();
    const endedYet = (sub: Subscription) => Promise.race([sub.ended.then(() => 'ended'), settle(50).then(() => 'open')]);
    expect({ results: named.results, state: await endedYet(named) }).toEqual({ results: [], state: 'open' });
    expect({ results: madeUp.results, state: await endedYet(madeUp) }).toEqual({ results: [], state: 'open' });
  });


  it('referralId (in any case) narrows to one referral', async () => {
    const one = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const other = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const subs = await subscribers(['coach'], { filter: { referralId: one.id.toUpperCase() } });
    await note(world.coachToken, other, 'Not this one');
    await note(world.coachToken, one, 'This one');
    expect(update(await subs.coach.next()).referral).toMatchObject({ id: one.id, version: 2 });
    await settle();
    expect(subs.coach.results).toHaveLength(1);
  });

  it('direction: SENT for the referring side, RECEIVED for the receiving one', async () => {
    const sent = await subscribers(['coach', 'agency'], { filter: { direction: 'SENT' } });
    const referral = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    expect(update(await sent.coach.next()).referral.id).toBe(referral.id);
    await settle();
    expect(sent.agency.results).toEqual([]);
    await Promise.all(connections.splice(0).map((c) => c.close()));
    await listening(beacon, 0);

    const received = await subscribers(['coach', 'agency'], { filter: { direction: 'RECEIVED' } });
    await note(world.coachToken, referral, 'Following up');
    expect(update(await received.agency.next()).referral.id).toBe(referral.id);
    await settle();
    expect(received.coach.results).toEqual([]);
  });
});

it('a change that rolls back (stale expectedVersion) announces nothing', async () => {
  const referral = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
  const subs = await subscribers(['coach'], { filter: { referralId: referral.id } });
  const stale = await beacon.gql(
    `mutation($input: TransitionReferralInput!) { transitionReferral(input: $input) { referral { id } } }`,
    { input: { referralId: referral.id, to: 'CANCELLED', reason: 'Duplicate', expectedVersion: referral.version + 5 } },
    world.coachToken,
  );
  expect(codes(stale)).toEqual(['CONFLICT']);
  await note(world.coachToken, referral, 'After the conflict');
  expect(update(await subs.coach.next())).toMatchObject({ kind: 'NOTE_ADDED', referral: { version: 2 } });
  await settle();
  expect(subs.coach.results).toHaveLength(1);
});

describe('a subscriber whose sign-in ends', () => {
  it.each([
    ['is deactivated', async (person: { id: string }) => beacon.ok(`mutation($id: ID!) { deactivateUser(id: $id) { user { id } } }`, { id: person.id }, world.admin)],
    [
      'changes their password',
      async (person: { password: string }, token: string) =>
        beacon.ok(`mutation($input: ChangePasswordInput!) { changePassword(input: $input) { token } }`, { input: { currentPassword: person.password, newPassword: 'another-long-passphrase' } }, token),
    ],
  ])('hears nothing more once the user %s: the socket closes with 4401', async (_case, end) => {
    const coach = await aCoach(beacon, world.admin, world.peers.id);
    const token = await coach.token();
    const client = await aClient(beacon, token);
    const connection = connect(beacon, token);
    connections.push(connection);
    const sub = connection.subscribe(REFERRAL_UPDATES_DETAILED);
    await listening(beacon, 1);
    const referral = await aReferral(beacon, token, { clientId: client.id, serviceId: world.service.id });
    await sub.next();

    await end(coach, token);
    await note(world.coachToken, { id: referral.id }, 'Told to the supervisor only').catch(() => undefined);
    await transition(beacon, await world.people.agency.token(), referral, 'ACCEPTED');
    expect(await connection.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
    expect(sub.results).toHaveLength(1);
  });

  it('hears nothing once the token expires: the socket closes with 4401', async () => {
    const coach = await aCoach(beacon, world.admin, world.peers.id);
    const client = await aClient(beacon, await coach.token());
    const { token, expiresAt } = await signToken({ userId: coach.id, tokenVersion: 0 }, { ...beacon.config, tokenTtlSeconds: 2 });
    const connection = connect(beacon, token);
    connections.push(connection);
    const sub = connection.subscribe(REFERRAL_UPDATES_DETAILED);
    await listening(beacon, 1);
    await settle(expiresAt.getTime() - Date.now() + 1000);
    await aReferral(beacon, await coach.token(), { clientId: client.id, serviceId: world.service.id });
    expect(await connection.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
    expect(sub.results).toEqual([]);
  });
});

describe('what the WebSocket path checks, as HTTP does', () => {
  it('NUL in a variable is BAD_USER_INPUT naming it; a malformed id too', async () => {
    const nul = await subscribeAs(world.coachToken, { filter: { referralId: 'abc\u0000' } });
    const [error] = (await nul.ended) as { extensions: Record<string, any> }[];
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.referralId', message: 'must not contain a NUL character' }] });
    expect(error.extensions.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const malformed = await subscribeAs(world.coachToken, { filter: { referralId: 'not-an-id' } });
    expect((await malformed.next()).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.referralId' }] });
  });

  it('refuses a document too deep or too costly, one that does not validate, and queries or mutations', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'id' : `client { referrals(first: 1) { edges { node { ${nested(depth - 1)} } } } }`);
    const deep = await subscribeAs(world.coachToken, {}, `subscription { referralUpdates { referral { ${nested(4)} } } }`);
    expect(((await deep.ended) as any[])[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 12 });

    const costly = await subscribeAs(world.coachToken, {}, `subscription { referralUpdates { referral { client { referrals(first: 10000) { edges { node { history { reason } notes { body } } } } } } } }`);
    expect(((await costly.ended) as any[])[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 10000 });

    const invalid = await subscribeAs(world.coachToken, {}, `subscription { referralUpdates { nothingHere } }`);
    expect(((await invalid.ended) as any[])[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const query = await subscribeAs(world.coachToken, {}, `query { viewer { id } }`);
    expect(((await query.ended) as any[])[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('the same connection serves several subscriptions, each with its own filter', async () => {
    const one = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const two = await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
    const connection = connect(beacon, world.coachToken);
    connections.push(connection);
    const first = connection.subscribe(REFERRAL_UPDATES_DETAILED, { filter: { referralId: one.id } });
    const second = connection.subscribe(REFERRAL_UPDATES_DETAILED, { filter: { referralId: two.id } });
    await listening(beacon, 2);
    await note(world.coachToken, two, 'Second');
    await note(world.coachToken, one, 'First');
    expect(update(await first.next()).referral.id).toBe(one.id);
    expect(update(await second.next()).referral.id).toBe(two.id);
  });
});

it('a subscription over HTTP is refused', async () => {
  const response = await beacon.gql(`subscription { referralUpdates { kind } }`, {}, world.coachToken);
  expect(codes(response)).toEqual(['BAD_REQUEST']);
  expect(response.errors![0].message).toMatch(/graphql-ws/);
});
