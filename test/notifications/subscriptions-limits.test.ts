import WebSocket from 'ws';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aCoach, aPeerOrganization, aReferral, aService, anAgency, anAgencyStaff } from '../harness/builders';
import { createTestDatabase } from '../harness/databases';
import { connect, listening, LIVE_ENV, openSockets, REFERRAL_UPDATES, wsUrl, type Connection } from '../harness/subscriptions';

/** Opens a bare socket speaking graphql-ws's subprotocol; resolves with the HTTP status of a refused upgrade, or 101 once open. */
function upgrade(beacon: Beacon): Promise<{ status: number; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(beacon), 'graphql-transport-ws');
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0, socket }));
    socket.once('error', (error) => (error.message.startsWith('Unexpected server response') ? undefined : reject(error)));
  });
}

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

it('connection_init counts against the per-address limit like an HTTP request: past it, closed 4429', async () => {
  const beacon = await startBeacon({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
  try {
    const closes = [];
    for (let i = 0; i < 3; i++) {
      const connection = connect(beacon, 'made-up-token');
      closes.push((await connection.closed).code);
    }
    expect(closes).toEqual([4401, 4401, 4429]);
  } finally {
    await beacon.stop();
  }
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
