import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aPeerOrganization, type TestUser } from '../harness/builders';
import { codes, errorOf } from '../harness/errors';
import { VIEWER, anAddress, send, signIn } from './requests';

/** Small limits, so a test can reach them: 5 sign-ins a minute per address, 12 requests per user, 20 per anonymous address. */
let beacon: Beacon;
let coach: TestUser;
let otherCoach: TestUser;

beforeAll(async () => {
  beacon = await startBeacon({ SIGNIN_ATTEMPTS_PER_MINUTE: '5', RATE_LIMIT_PER_MINUTE: '12', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '20' });
  const admin = await beacon.login(ADMIN.email, ADMIN.password);
  const org = await aPeerOrganization(beacon, admin);
  [coach, otherCoach] = await Promise.all([aCoach(beacon, admin, org.id), aCoach(beacon, admin, org.id)]);
});
afterAll(() => beacon.stop());

const csv = (address: string, token?: string) =>
  fetch(`${beacon.url}/reports/outcomes.csv?from=2026-01-01&to=2026-01-31`, {
    headers: { 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('sign-in attempts per client address', () => {
  it('the sixth in a minute is refused, even with the right password, whatever the email', async () => {
    const address = anAddress();
    for (let i = 0; i < 5; i++) expect(codes(await signIn(beacon, `someone-${i}@test.beacon`, 'a-wrong-password', address))).toEqual(['UNAUTHENTICATED']);
    const sixth = await signIn(beacon, coach.email, coach.password, address);
    expect(codes(sixth)).toEqual(['RATE_LIMITED']);
    expect(errorOf(sixth)?.retryAfterSeconds).toBeGreaterThan(0);
    expect(errorOf(sixth)?.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another address is not held back, and the email is not locked.
    expect(codes(await signIn(beacon, coach.email, coach.password, anAddress()))).toEqual([]);
  });

  it('a client cannot name itself a new address: behind a proxy, the address the proxy saw counts', async () => {
    const real = anAddress();
    for (let i = 0; i < 5; i++) {
      expect(codes(await signIn(beacon, `someone-${i}@test.beacon`, 'a-wrong-password', `192.0.2.${i + 1}, ${real}`))).toEqual(['UNAUTHENTICATED']);
    }
    expect(codes(await signIn(beacon, coach.email, coach.password, `192.0.2.99, ${real}`))).toEqual(['RATE_LIMITED']);
  });

  it('an IPv6 client counts by its /64: moving within it does not help', async () => {
    for (let i = 0; i < 5; i++) expect(codes(await signIn(beacon, `v6-${i}@test.beacon`, 'a-wrong-password', `2001:db8:7:1::${i + 1}`))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await signIn(beacon, coach.email, coach.password, '2001:0db8:0007:0001:ffff:0:0:1'))).toEqual(['RATE_LIMITED']);
    expect(codes(await signIn(beacon, coach.email, coach.password, '2001:db8:7:2::1'))).toEqual([]);
  });
});

describe('requests per anonymous address', () => {
  it('past the limit /graphql answers 429 with Retry-After, and the directory stays open to others', async () => {
    const address = anAddress();
    for (let i = 0; i < 20; i++) expect((await send(beacon, VIEWER, {}, { address })).status).toBe(200);
    const refused = await send(beacon, VIEWER, {}, { address });
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    const wait = errorOf(refused)?.retryAfterSeconds;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.retryAfter).toBe(String(wait));
    expect((await send(beacon, VIEWER, {}, { address: anAddress() })).status).toBe(200);
  });

  it('made-up tokens are no way around it: each refused token counts as an anonymous request', async () => {
    const address = anAddress();
    for (let i = 0; i < 20; i++) {
      const refused = await send(beacon, VIEWER, {}, { address, token: `made-up-token-${i}` });
      expect([refused.status, codes(refused)]).toEqual([401, ['UNAUTHENTICATED']]);
    }
    const limited = await send(beacon, VIEWER, {}, { address, token: 'made-up-token-21' });
    expect([limited.status, codes(limited)]).toEqual([429, ['RATE_LIMITED']]);
    expect((await send(beacon, VIEWER, {}, { address })).status).toBe(429);
  });

  it('the REST routes count too: the CSV report answers 429 with Retry-After', async () => {
    const address = anAddress();
    for (let i = 0; i < 20; i++) await send(beacon, VIEWER, {}, { address });
    const refused = await csv(address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await refused.json()) as { errors: { extensions: Record<string, any> }[] };
    expect(errorOf(body)).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.headers.get('retry-after')) });
  });

  it('health and readiness checks are never limited', async () => {
    const address = anAddress();
    for (let i = 0; i < 21; i++) await send(beacon, VIEWER, {}, { address });
    for (const path of ['/healthz', '/readyz']) {
      expect((await fetch(`${beacon.url}${path}`, { headers: { 'x-forwarded-for': address } })).status).toBe(200);
    }
  });
});

describe('requests per signed-in user', () => {
  it('past the limit the user is refused from every address; other users are not', async () => {
    const token = await beacon.login(coach.email, coach.password);
    for (let i = 0; i < 12; i++) expect(codes(await send(beacon, VIEWER, {}, { token, address: anAddress() }))).toEqual([]);
    const refused = await send(beacon, VIEWER, {}, { token, address: anAddress() });
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.retryAfter).toBe(String(errorOf(refused)?.retryAfterSeconds));
    expect((await csv(anAddress(), token)).status).toBe(429);

    const other = await beacon.login(otherCoach.email, otherCoach.password);
    expect(codes(await send(beacon, VIEWER, {}, { token: other }))).toEqual([]);
  });

  it('a signed-in user is not held back by the anonymous callers sharing the address', async () => {
    const office = anAddress();
    for (let i = 0; i < 21; i++) await send(beacon, VIEWER, {}, { address: office });
    expect((await send(beacon, VIEWER, {}, { address: office })).status).toBe(429);
    const token = await beacon.login(otherCoach.email, otherCoach.password);
    expect(codes(await send(beacon, VIEWER, {}, { token, address: office }))).toEqual([]);
  });
});
