import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral } from '../harness/builders';
import { createTestDatabase } from '../harness/databases';
import { closedWith, connect, listening, LIVE_ENV, REFERRAL_UPDATES, upgrade, type Connection } from '../harness/subscriptions';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { ADD_NOTE } from '../referrals/builders';
import { eventually } from '../harness/eventually';

// Two Beacons on one database, as behind a load balancer: `first` owns the database and drops it.
let first: Beacon;
let second: Beacon;
let world: ReferralWorld;
let secondStopped = false;

beforeAll(async () => {
  const database = await createTestDatabase();
  first = await startBeacon(LIVE_ENV, database);
  second = await startBeacon(LIVE_ENV, { url: database.url, drop: async () => undefined });
  world = await aReferralWorld(first);
});
afterAll(async () => {
  if (!secondStopped) await second.stop();
  await first.stop();
});

const note = (referralId: string, body: string) => first.ok(ADD_NOTE, { input: { referralId, body } }, world.coachToken);

it('a change made through one instance reaches a subscriber of the other within a second', async () => {
  const connection = connect(second, await world.people.agency.token());
  const subscription = connection.subscribe(REFERRAL_UPDATES);
  await listening(second, 1);
  const started = Date.now();
  const referral = await aReferral(first, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
  const heard = (await subscription.next(1000)).data!.referralUpdates;
  expect(Date.now() - started).toBeLessThan(1000);
  expect(heard).toMatchObject({ kind: 'CREATED', referral: { id: referral.id, status: 'REQUESTED' } });
  await connection.close();
  await listening(second, 0);
});

it('when the listening connection drops, it listens again and delivers what was committed meanwhile', async () => {
  const connection = connect(second, world.coachToken);
  const subscription = connection.subscribe(REFERRAL_UPDATES);
  await listening(second, 1);
  const referral = await aReferral(first, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
  await subscription.next();

  // Only `second` listens (nobody subscribed through `first`), so this ends its connection.
  const ended = await first.dataSource.query(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'beacon-updates'`,
  );
  expect(ended).toEqual([{ ended: true }]);
  await note(referral.id, 'Committed while nobody listened');
  await eventually(async () => (await listeningConnections()) === 1, 'the listening connection back', 5000);
  await note(referral.id, 'Committed once listening again');

  await subscription.next();
  const last = (await subscription.next()).data!.referralUpdates;
  expect(subscription.results.map((r) => r.data!.referralUpdates.kind)).toEqual(['CREATED', 'NOTE_ADDED', 'NOTE_ADDED']);
  expect(last.referral.version).toBe(3);
  await connection.close();
  await listening(second, 0);
});

const listeningConnections = async (): Promise<number> =>
  (await first.dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'beacon-updates'`)).length;

it('after the listening connection drops, the catch-up replays nothing changed before a subscription began', async () => {
  // `second` listens (earlier tests subscribed there) but nobody subscribes now: this change is announced to no one.
  const before = await aReferral(first, world.coachToken, { clientId: world.client.id, serviceId: world.service.id });
  const connection = connect(second, world.coachToken);
  const subscription = connection.subscribe(REFERRAL_UPDATES);
  await listening(second, 1);
  await first.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'beacon-updates'`);
  await eventually(async () => (await listeningConnections()) === 0, 'the listening connection gone', 5000);
  await eventually(async () => (await listeningConnections()) === 1, 'the listening connection back', 5000);
  await note(before.id, 'After the subscription began');
  const heard = (await subscription.next()).data!.referralUpdates;
  expect(heard).toMatchObject({ kind: 'NOTE_ADDED', referral: { id: before.id, version: 2 } });
  expect(subscription.results).toHaveLength(1);
  await connection.close();
  await listening(second, 0);
});

it('stopping an instance closes its sockets (1001, going away), its HTTP server and its listening connection, within 1 s of a client that never answers the close', async () => {
  const connections: Connection[] = [connect(second, world.coachToken), connect(second, await world.people.supervisor.token())];
  for (const c of connections) c.subscribe(REFERRAL_UPDATES);
  await listening(second, 2);
  // A client that stops reading its socket never answers the server's close frame.
  const { socket: deaf } = await upgrade(second);
  deaf.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${world.coachToken}` } }));
  await new Promise((resolve) => deaf.once('message', resolve));
  const raw = (deaf as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  const deafClosed = closedWith(deaf);

  const started = Date.now();
  await second.stop();
  secondStopped = true;
  expect(Date.now() - started).toBeLessThan(3000);
  for (const c of connections) expect((await c.closed).code).toBe(1001);
  // Reading again, it finds the close frame and the connection the server dropped without waiting for an answer.
  raw.resume();
  await deafClosed;
  expect(await listeningConnections()).toBe(0);
  await expect(fetch(`${second.url}/healthz`)).rejects.toThrow();
});
