import { SignJWT } from 'jose';
import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aPeerOrganization } from '../harness/builders';
import { codes, errorOf } from '../harness/errors';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { id email role } } }`;
const VIEWER = `{ viewer { id email role organization { id name } } }`;

let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon({ TOKEN_TTL: '1h' });
});
afterAll(() => beacon.stop());

describe('signing in', () => {
  it('with the right password returns a token that signs later requests in', async () => {
    const { login } = await beacon.ok(LOGIN, { e: ADMIN.email.toUpperCase(), p: ADMIN.password });
    expect(login.user).toMatchObject({ email: ADMIN.email, role: 'ADMIN' });
    const expiresIn = new Date(login.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    const { viewer } = await beacon.ok(VIEWER, {}, login.token);
    expect(viewer.id).toBe(login.user.id);
  });

  it('gives the same UNAUTHENTICATED answer for a wrong password and an unknown email', async () => {
    const wrongPassword = await beacon.gql(LOGIN, { e: ADMIN.email, p: 'not-the-password' });
    const unknownEmail = await beacon.gql(LOGIN, { e: 'nobody@test.beacon', p: ADMIN.password });
    expect(codes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(codes(unknownEmail)).toEqual(['UNAUTHENTICATED']);
    expect(unknownEmail.errors?.[0].message).toBe(wrongPassword.errors?.[0].message);
  });

  it('is anonymous without a token: viewer is null', async () => {
    expect(await beacon.ok(VIEWER)).toEqual({ viewer: null });
  });

  it('refuses a deactivated user, and the token they already hold', async () => {
    const admin = await beacon.adminToken();
    const org = await aPeerOrganization(beacon, admin);
    const coach = await aCoach(beacon, admin, org.id);
    const token = await beacon.login(coach.email, coach.password);
    await beacon.ok(`mutation($id: ID!) { deactivateUser(id: $id) { user { active } } }`, { id: coach.id }, admin);

    const again = await beacon.gql(LOGIN, { e: coach.email, p: coach.password });
    expect(codes(again)).toEqual(['UNAUTHENTICATED']);
    const withOldToken = await beacon.gql(VIEWER, {}, token);
    expect(codes(withOldToken)).toEqual(['UNAUTHENTICATED']);
    expect(withOldToken.data).toBeUndefined();
  });

  it('refuses an expired token, a forged one and garbage', async () => {
    const { login } = await beacon.ok(LOGIN, { e: ADMIN.email, p: ADMIN.password });
    const sub = login.user.id;
    // Good in every way but its expiry: the user's current token version included.
    const expired = await new SignJWT({ ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(beacon.config.jwtSecret);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    for (const token of [expired, forged, 'garbage']) {
      const response = await beacon.gql(VIEWER, {}, token);
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(errorOf(response)?.requestId).toEqual(expect.any(String));
    }
  });

  it('records each sign-in in the audit log', async () => {
    const { login } = await beacon.ok(LOGIN, { e: ADMIN.email, p: ADMIN.password });
    const { auditEvents } = await beacon.ok(
      `query($f: AuditFilter) { auditEvents(filter: $f, first: 5) { edges { node { action entityType entityId actor { id } } } } }`,
      { f: { entityId: login.user.id, entityType: 'User' } },
      login.token,
    );
    expect(auditEvents.edges[0].node).toEqual({ action: 'login', entityType: 'User', entityId: login.user.id, actor: { id: login.user.id } });
  });
});
