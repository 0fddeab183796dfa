import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aCoach, aPeerOrganization, aReferral, aService, anAgency, anAgencyStaff } from '../harness/builders';
import { createTestDatabase } from '../harness/databases';
import { closedWith, connect, listening, LIVE_ENV, openSockets, REFERRAL_UPDATES, upgrade, type Connection } from '../harness/subscriptions';
import { ADD_NOTE } from '../referrals/builders';
import * as stream from '../../src/notifications/subscription-stream';

/** A coach with a client and a service to refer to, on `beacon`. */
async function aCoachWithAClient(beacon: Beacon) {
  const admin = await beacon.adminToken();
  const coach = await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id);
  const token = await coach.token();
  const service = await aService(beacon, await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id)).token());
  return { token, client: await aClient(beacon, token), service };
}

describe('with SUBSCRIPTIONS_PER_CONNECTION=2 and SUBSCRIPTION_SOCKETS=1', () => {
  let beacon: Beacon;
  let token: string;
  const connections: Connection[] = [];
  beforeAll(async () => {
    beacon = await startBeacon({ ...LIVE_ENV, SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTION_SOCKETS: '1' });
    ({ token } = await aCoachWithAClient(beacon));
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
    await openSockets(beacon, 0);
  });
  afterAll(() => beacon.stop());

  it('a third subscription on one connection is refused, naming the limit; completing one makes room', async () => {
    const connection = connect(beacon, token);
    connections.push(connection);
    const [first] = [connection.subscribe(), connection.subscribe()];
    await listening(beacon, 2);
    const third = connection.subscribe();
    const [error] = (await third.ended) as { message: string; extensions: Record<string, unknown> }[];
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', maxSubscriptions: 2 });
    expect(error.message).toMatch(/At most 2 subscriptions/);

    first.stop();
    await listening(beacon, 1);
    connection.subscribe();
    await listening(beacon, 2);
  });

  it('a second socket is refused at the upgrade (503) while the first is open, and admitted once it closes', async () => {
    const first = await upgrade(beacon);
    expect(first.status).toBe(101);
    const second = await upgrade(beacon);
    expect(second.status).toBe(503);
    await new Promise((resolve) => {
      first.socket.once('close', resolve);
      first.socket.close();
    });
    const third = await upgrade(beacon);
    expect(third.status).toBe(101);
    third.socket.close();
  });
});

it('the upgrade and connection_init each count against the per-address limit like an HTTP request: past it, 4429, then HTTP 429', async () => {
  const beacon = await startBeacon({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' });
  try {
    // The upgrade and the refused connection_init: two requests of the address.
    expect((await connect(beacon, 'made-up-token').closed).code).toBe(4401);
    // The third request is this upgrade; its connection_init is the fourth.
    expect(await connect(beacon, 'made-up-token').closed).toEqual({ code: 4429, reason: expect.stringMatching(/^Too many requests; retry in \d+ s$/) });
    const refused = await upgrade(beacon);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  } finally {
    await beacon.stop();
  }
});

describe('one instance with default limits', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon({ ...LIVE_ENV, SUBSCRIPTION_SOCKETS_PER_USER: '2' });
  });
  afterAll(() => beacon.stop());

  it('a connection_init of 1 MiB closes the socket with 1009 (message too big), and the server serves on', async () => {
    const { socket } = await upgrade(beacon);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${'x'.repeat(1024 * 1024)}` } }));
    expect((await closedWith(socket)).code).toBe(1009);

    const { token } = await aCoachWithAClient(beacon);
    const connection = connect(beacon, token);
    connection.subscribe();
    await listening(beacon, 1);
    await connection.close();
    await listening(beacon, 0);
  });

  it('a socket that sends no connection_init is closed after 3 s (4408), freeing its place', async () => {
    const { socket } = await upgrade(beacon);
    const started = Date.now();
    expect(await closedWith(socket)).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    expect(Date.now() - started).toBeLessThan(4500);
    await openSockets(beacon, 0);
  });

  it('a user holds at most SUBSCRIPTION_SOCKETS_PER_USER sockets: the next connection_init closes with 4429; another user is not held back', async () => {
    const { token } = await aCoachWithAClient(beacon);
    const held = [connect(beacon, token), connect(beacon, token)];
    for (const c of held) c.subscribe();
    await listening(beacon, 2);

    const third = connect(beacon, token);
    expect(await third.closed).toEqual({ code: 4429, reason: 'Too many sockets; at most 2 per user' });

    const other = connect(beacon, (await aCoachWithAClient(beacon)).token);
    other.subscribe();
    await listening(beacon, 3);

    await held[0].close();
    await listening(beacon, 2);
    const again = connect(beacon, token);
    again.subscribe();
    await listening(beacon, 3);
    await Promise.all([held[1], other, again].map((c) => c.close()));
    await listening(beacon, 0);
  });

  it('a subscriber that falls MAX_PENDING_EVENTS behind is closed with 1013 (try again later); the server serves on', async () => {
    const { token, client, service } = await aCoachWithAClient(beacon);
    const referral = await aReferral(beacon, token, { clientId: client.id, serviceId: service.id });
    const replaced = jest.replaceProperty(stream, 'MAX_PENDING_EVENTS', 2);
    try {
      const connection = connect(beacon, token);
      connection.subscribe(REFERRAL_UPDATES, { filter: { referralId: referral.id } });
      await listening(beacon, 1);
      // Ten events committed together reach the instance as one batch, all queued before the first is resolved.
      await beacon.dataSource.query(
        `WITH e AS (
           INSERT INTO referral_update (referral_id, kind, version, status, receiving_organization_id, referring_organization_id, sent)
           SELECT r.id, 'NOTE_ADDED', r.version, r.status, r.receiving_organization_id, r.referring_organization_id, true
           FROM referral r, generate_series(1, 10) WHERE r.id = $1
           RETURNING id
         )
         SELECT pg_notify('referral_updates', e.id::text) FROM e`,
        [referral.id],
      );
      expect(await connection.closed).toEqual({ code: 1013, reason: 'Try again later: updates came faster than the client read them' });
    } finally {
      replaced.restore();
    }
    await listening(beacon, 0);
    const connection = connect(beacon, token);
    const subscription = connection.subscribe(REFERRAL_UPDATES, { filter: { referralId: referral.id } });
    await listening(beacon, 1);
    await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body: 'After the flood' } }, token);
    expect((await subscription.next()).data!.referralUpdates.kind).toBe('NOTE_ADDED');
    await connection.close();
  });
});

describe('with TRUSTED_DOCUMENTS=true', () => {
  // The builders send ad-hoc documents, so they go through an instance that takes any, on the same database.
  let plain: Beacon;
  let trusted: Beacon;
  beforeAll(async () => {
    const database = await createTestDatabase();
    plain = await startBeacon(LIVE_ENV, database);
    trusted = await startBeacon({ ...LIVE_ENV, TRUSTED_DOCUMENTS: 'true' }, { url: database.url, drop: async () => undefined });
  });
  afterAll(async () => {
    await trusted.stop();
    await plain.stop();
  });

  it("refuses a document that is not one of the client apps', and serves the contract's ReferralUpdates", async () => {
    const { token, client, service } = await aCoachWithAClient(plain);
    const connection = connect(trusted, token);
    try {
      const adHoc = connection.subscribe('subscription { referralUpdates { kind } }');
      expect(((await adHoc.ended) as any[])[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');

      // The contract's text, laid out anew: the allow-list compares documents, not bytes.
      const contract = connection.subscribe(REFERRAL_UPDATES.replace(/\s+/g, ' '));
      await listening(trusted, 1);
      const referral = await aReferral(plain, token, { clientId: client.id, serviceId: service.id });
      expect((await contract.next()).data!.referralUpdates).toMatchObject({ kind: 'CREATED', referral: { id: referral.id, client: { alias: client.alias } } });
    } finally {
      await connection.close();
    }
  });
});
