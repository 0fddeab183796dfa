import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aPeerOrganization } from '../harness/builders';
import { VIEWER, send } from './requests';
import { codes } from '../harness/errors';

/** Tokens a caller might make up: each is UNAUTHENTICATED (never a 500), on /graphql and on the REST routes. */
let beacon: Beacon;
let adminId: string;
let deactivatedToken: string;

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  adminId = (await beacon.ok(VIEWER, {}, admin)).viewer.id;
  const org = await aPeerOrganization(beacon, admin);
  const coach = await aCoach(beacon, admin, org.id);
  deactivatedToken = await coach.token();
  await beacon.ok(`mutation($id: ID!) { deactivateUser(id: $id) { user { id } } }`, { id: coach.id }, admin);
});
afterAll(() => beacon.stop());

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const signed = (claims: Record<string, unknown>, { sub = adminId, exp = inAnHour() as number | null, secret = beacon.config.jwtSecret } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt();
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(secret);
};

const FORGED: [string, () => Promise<string>][] = [
  ['a token without exp, which would never expire', () => signed({ ver: 0 }, { exp: null })],
  ['a token whose exp has passed, good in every other way', () => signed({ ver: 0 }, { exp: Math.floor(Date.now() / 1000) - 60 })],
  ['a subject that is not a user id', () => signed({ ver: 0 }, { sub: 'admin' })],
  ['a subject that is a UUID but no one', () => signed({ ver: 0 }, { sub: randomUUID() })],
  ['alg none', async () => new UnsecuredJWT({ ver: 0 }).setSubject(adminId).setExpirationTime(inAnHour()).encode()],
  ['signed with another secret', () => signed({ ver: 0 }, { secret: new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret') })],
  ['without a token version (issued before versions existed)', () => signed({})],
  ['a token version the user never had', () => signed({ ver: 7 })],
  ['a version that is not a number', () => signed({ ver: '0' })],
  ['a deactivated user’s token', async () => deactivatedToken],
];

describe('made-up tokens', () => {
  it('the admin token the forgeries start from is good', async () => {
    expect((await send(beacon, VIEWER, {}, { token: await signed({ ver: 0 }) })).data).toEqual({ viewer: { id: adminId } });
  });

  it.each(FORGED)('%s: UNAUTHENTICATED on /graphql', async (_name, make) => {
    const response = await send(beacon, VIEWER, {}, { token: await make() });
    expect(response.status).toBe(401);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeUndefined();
  });

  it.each(FORGED)('%s: UNAUTHENTICATED on the CSV report', async (_name, make) => {
    const response = await fetch(`${beacon.url}/reports/outcomes.csv?from=2026-01-01&to=2026-01-31`, {
      headers: { authorization: `Bearer ${await make()}` },
    });
    expect(response.status).toBe(401);
    expect(codes((await response.json()) as any)).toEqual(['UNAUTHENTICATED']);
  });

  it('a real sign-in carries exp, a user id and a version', async () => {
    const token = await beacon.login(ADMIN.email, ADMIN.password);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: adminId, exp: expect.any(Number), ver: expect.any(Number) });
  });
});
