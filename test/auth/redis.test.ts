import { randomUUID } from 'node:crypto';
import net from 'node:net';
import Redis from 'ioredis';
import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aPeerOrganization, type TestUser } from '../harness/builders';
import { codes, errorOf } from '../harness/errors';
import { VIEWER, anAddress, send, signIn } from './requests';
import { TEST_REDIS_URL, describeWithRedis } from './redis';

/**
 * Two Beacons on one database sharing their counters through Redis, as behind a load balancer:
 * whatever a client does through one counts at the other.
 */
const LIMITS = {
  REDIS_URL: TEST_REDIS_URL,
  SIGNIN_FAILURES_BEFORE_LOCKOUT: '5',
  SIGNIN_LOCKOUT_MINUTES: '15',
  SIGNIN_ATTEMPTS_PER_MINUTE: '6',
  RATE_LIMIT_PER_MINUTE: '12',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '20',
};

describeWithRedis('rate limits in Redis', () => {
  // Fresh for this run, so neither another test file nor an earlier run shares these counters.
  const prefix = `beacon-test-${randomUUID()}`;
  let one: Beacon;
  let other: Beacon;
  let redis: Redis;
  let admin: string;
  let org: { id: string };

  beforeAll(async () => {
    one = await startBeacon(LIMITS, null, prefix);
    other = await startBeacon(LIMITS, { url: (one.dataSource.options as { url: string }).url, drop: async () => {} }, prefix);
    redis = new Redis(TEST_REDIS_URL);
    admin = await one.login(ADMIN.email, ADMIN.password);
    org = await aPeerOrganization(one, admin);
  });
  afterAll(async () => {
    await other?.stop();
    await one?.stop();
    redis?.disconnect();
  });

  const wrongGuesses = async (beacon: Beacon, email: string, n: number) => {
    for (let i = 0; i < n; i++) expect(codes(await signIn(beacon, email, `wrong-guess-${i}`, anAddress()))).toEqual(['UNAUTHENTICATED']);
  };

  it('failures through one Beacon lock sign-in through the other, right password or not', async () => {
    const coach = await aCoach(one, admin, org.id);
    await wrongGuesses(one, coach.email, 3);
    await wrongGuesses(other, coach.email, 2);
    const refused = await signIn(other, coach.email, coach.password, anAddress());
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(errorOf(refused)?.retryAfterSeconds).toBeGreaterThan(15 * 60 - 30);
    expect(codes(await signIn(one, coach.email, coach.password, anAddress()))).toEqual(['RATE_LIMITED']);
  });

  it('an unknown email is locked the same way, and Redis holds no email in the clear', async () => {
    const nobody = `nobody-${randomUUID().slice(0, 8)}@test.beacon`;
    await wrongGuesses(other, nobody, 5);
    const refused = await signIn(one, nobody, 'any-password-at-all', anAddress());
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toMatch(/@|test\.beacon|203\.0\.113/);
  });

  it('the lockout ends when its counter expires in Redis', async () => {
    const coach = await aCoach(one, admin, org.id);
    await wrongGuesses(one, coach.email, 5);
    expect(codes(await signIn(other, coach.email, coach.password, anAddress()))).toEqual(['RATE_LIMITED']);
    const locks = await redis.keys(`${prefix}:signin-failures:*`);
    const remaining = await Promise.all(locks.map((key) => redis.pttl(key)));
    expect(Math.max(...remaining)).toBeGreaterThan((15 * 60 - 30) * 1000);
    // Fifteen minutes pass: every lockout under this prefix runs out.
    await Promise.all(locks.map((key) => redis.pexpire(key, 1)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(codes(await signIn(other, coach.email, coach.password, anAddress()))).toEqual([]);
  });

  it('sign-in attempts from one address are counted across both', async () => {
    const address = anAddress();
    for (let i = 0; i < 6; i++) {
      const beacon = i % 2 ? other : one;
      expect(codes(await signIn(beacon, `someone-${i}@test.beacon`, 'a-wrong-password', address))).toEqual(['UNAUTHENTICATED']);
    }
    const coach = await aCoach(one, admin, org.id);
    expect(codes(await signIn(other, coach.email, coach.password, address))).toEqual(['RATE_LIMITED']);
  });

  it('a signed-in user’s requests are counted across both', async () => {
    const coach = await aCoach(one, admin, org.id);
    const token = await coach.token();
    for (let i = 0; i < 12; i++) expect(codes(await send(i % 2 ? other : one, VIEWER, {}, { token }))).toEqual([]);
    const refused = await send(other, VIEWER, {}, { token });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe(String(errorOf(refused)?.retryAfterSeconds));
  });

  it('an anonymous address’s requests are counted across both', async () => {
    const address = anAddress();
    for (let i = 0; i < 20; i++) expect((await send(i % 2 ? other : one, VIEWER, {}, { address })).status).toBe(200);
    expect((await send(one, VIEWER, {}, { address })).status).toBe(429);
  });
});

describeWithRedis('when Redis goes away mid-run', () => {
  let beacon: Beacon;
  let relay: net.Server;
  const sockets = new Set<net.Socket>();
  let coach: TestUser;

  beforeAll(async () => {
    // Beacon reaches Redis through this relay, so the test can cut the line.
    const target = new URL(TEST_REDIS_URL);
    relay = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const s of [socket, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = new URL(TEST_REDIS_URL);
    url.hostname = '127.0.0.1';
    url.port = String((relay.address() as net.AddressInfo).port);
    beacon = await startBeacon({ ...LIMITS, REDIS_URL: url.toString() });
    const admin = await beacon.login(ADMIN.email, ADMIN.password);
    coach = await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id);

    await new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  });
  afterAll(() => beacon?.stop());

  it('sign-in keeps working, the lockout still holds (in the process), and the outage is logged', async () => {
    expect(codes(await signIn(beacon, coach.email, coach.password, anAddress()))).toEqual([]);
    for (let i = 0; i < 5; i++) expect(codes(await signIn(beacon, coach.email, `wrong-guess-${i}`, anAddress()))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await signIn(beacon, coach.email, coach.password, anAddress()))).toEqual(['RATE_LIMITED']);
    expect(beacon.logs.some((line) => line.level === 40 && /Redis unreachable/.test(line.msg))).toBe(true);
    expect((await fetch(`${beacon.url}/healthz`)).status).toBe(200);
  });
});
