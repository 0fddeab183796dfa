import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { createTestDatabase } from '../harness/databases';
import { aCoach, aFunder, aFunderOrganization, aPeerOrganization, aSupervisor, anAgency, anAgencyStaff, type TestUser } from '../harness/builders';
import { badFields, codes, errorOf } from '../harness/errors';
import { CHANGE_PASSWORD, SET_USER_PASSWORD, VIEWER, send, signIn } from './requests';

let beacon: Beacon;
let admin: string;
let peers: { id: string };
let otherPeers: { id: string };
let supervisor: TestUser;

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
  [peers, otherPeers] = await Promise.all([aPeerOrganization(beacon, admin), aPeerOrganization(beacon, admin)]);
  supervisor = await aSupervisor(beacon, admin, peers.id);
});
afterAll(() => beacon.stop());

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`;
const AUDIT = `query($f: AuditFilter) { auditEvents(filter: $f, first: 10) { edges { node { action entityId actor { id } } } } }`;

/** Twelve characters or more, and on the list of the 10,000 most common passwords (rank about 3,000). */
const COMMON = 'qwerty123456';

const storedHash = async (userId: string) =>
  (await beacon.dataSource.query(`SELECT password_hash FROM app_user WHERE id = $1`, [userId]))[0].password_hash as string;
const viewerCode = async (token: string) => codes(await send(beacon, VIEWER, {}, { token }));

describe('a new password must not be easy to guess', () => {
  const email = `rules-${randomUUID().slice(0, 8)}@test.beacon`;
  const weak: [string, string, string][] = [
    ['one character repeated', 'aaaaaaaaaaaa', 'must not be one character repeated'],
    ['a common password', COMMON, 'is one of the 10,000 most common passwords'],
    ['a common password in capitals', COMMON.toUpperCase(), 'is one of the 10,000 most common passwords'],
    ['the email', email.toUpperCase(), 'must not be the email address'],
    ['11 characters', 'x7#kQ9!mZ2p', 'must be at least 12 characters'],
    ['201 characters', 'x7#kQ9!mZ2p'.repeat(19).slice(0, 201), 'must be at most 200 characters'],
  ];

  it.each(weak)('createUser refuses %s, naming input.password, and creates no one', async (_name, password, message) => {
    const response = await send(beacon, CREATE_USER, { input: { email, name: 'Weak Password', password, role: 'COACH', organizationId: peers.id } }, { token: admin });
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.password', message }]);
    expect(await beacon.dataSource.query(`SELECT 1 FROM app_user WHERE email = $1`, [email])).toHaveLength(0);
  });

  it('createUser takes 12 and 200 characters', async () => {
    for (const password of ['x7#kQ9!mZ2pL', 'x7#kQ9!mZ2pL'.repeat(17).slice(0, 200)]) {
      const input = { email: `ok-${randomUUID().slice(0, 8)}@test.beacon`, name: 'Good Password', password, role: 'COACH', organizationId: peers.id };
      await beacon.ok(CREATE_USER, { input }, admin);
      expect(codes(await signIn(beacon, input.email, password))).toEqual([]);
    }
  });

  it.each(weak)('changePassword refuses %s, naming input.newPassword', async (_name, password, message) => {
    const coach = await aCoach(beacon, admin, peers.id);
    const newPassword = password === email.toUpperCase() ? coach.email.toUpperCase() : password;
    const response = await send(beacon, CHANGE_PASSWORD, { input: { currentPassword: coach.password, newPassword } }, { token: await coach.token() });
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.newPassword', message }]);
    expect(await viewerCode(await coach.token())).toEqual([]);
  });

  it.each(weak)('setUserPassword refuses %s, naming input.newPassword', async (_name, password, message) => {
    const coach = await aCoach(beacon, admin, peers.id);
    const newPassword = password === email.toUpperCase() ? coach.email.toUpperCase() : password;
    const response = await send(beacon, SET_USER_PASSWORD, { input: { userId: coach.id, newPassword } }, { token: admin });
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.newPassword', message }]);
    expect(await viewerCode(await coach.token())).toEqual([]);
  });

  it('ADMIN_PASSWORD that breaks a rule stops the start, naming the variable', async () => {
    for (const [password, message] of [[COMMON, 'is one of the 10,000 most common passwords'], [ADMIN.email, 'must not be the email address']]) {
      const database = await createTestDatabase();
      try {
        await expect(startBeacon({ ADMIN_PASSWORD: password }, database)).rejects.toThrow(`ADMIN_PASSWORD ${message}`);
      } finally {
        await database.drop();
      }
    }
  });
});

describe('changePassword', () => {
  let coach: TestUser;
  let before: string[];
  let changed: { token: string; user: { id: string } };
  const newPassword = 'a-new-and-better-passphrase';

  beforeAll(async () => {
    coach = await aCoach(beacon, admin, peers.id);
    before = [await coach.token(), await beacon.login(coach.email, coach.password)];
    changed = (await beacon.ok(CHANGE_PASSWORD, { input: { currentPassword: coach.password, newPassword } }, before[0])).changePassword;
  });

  it('ends every token issued before: UNAUTHENTICATED', async () => {
    for (const token of before) expect(await viewerCode(token)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers with a fresh token that works', async () => {
    expect((await send(beacon, VIEWER, {}, { token: changed.token })).data).toEqual({ viewer: { id: coach.id } });
  });

  it('the new password signs in, the old one no longer does', async () => {
    expect(codes(await signIn(beacon, coach.email, newPassword))).toEqual([]);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a wrong current password, naming input.currentPassword, and changes nothing', async () => {
    const token = changed.token;
    const response = await send(beacon, CHANGE_PASSWORD, { input: { currentPassword: coach.password, newPassword: 'yet-another-passphrase' } }, { token });
    expect(badFields(response)).toEqual(['input.currentPassword']);
    expect(await viewerCode(token)).toEqual([]);
    expect(codes(await signIn(beacon, coach.email, newPassword))).toEqual([]);
  });

  it('is for signed-in users only', async () => {
    const response = await send(beacon, CHANGE_PASSWORD, { input: { currentPassword: coach.password, newPassword: 'yet-another-passphrase' } });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('is audited, and no password reaches the audit log or the server log', async () => {
    const { auditEvents } = await beacon.ok(AUDIT, { f: { entityId: coach.id } }, admin);
    expect(auditEvents.edges.map((e: any) => e.node)).toContainEqual({ action: 'changePassword', entityId: coach.id, actor: { id: coach.id } });
    const logged = JSON.stringify(beacon.logs);
    expect(logged).not.toContain(newPassword);
    expect(logged).not.toContain(coach.password);
  });
});

describe('setUserPassword', () => {
  const set = (userId: string, token?: string, newPassword = `reset-${randomUUID()}`) =>
    send(beacon, SET_USER_PASSWORD, { input: { userId, newPassword } }, { token });

  it('an admin sets anyone’s: every earlier token of that user ends, the new password signs in', async () => {
    const coach = await aCoach(beacon, admin, otherPeers.id);
    const earlier = await coach.token();
    const newPassword = 'set-by-the-administrator';
    expect((await set(coach.id, admin, newPassword)).data).toEqual({ setUserPassword: { user: { id: coach.id, email: coach.email, active: true } } });
    expect(await viewerCode(earlier)).toEqual(['UNAUTHENTICATED']);
    expect(codes(await signIn(beacon, coach.email, newPassword))).toEqual([]);
    const { auditEvents } = await beacon.ok(AUDIT, { f: { entityId: coach.id } }, admin);
    expect(auditEvents.edges.map((e: any) => e.node.action)).toContain('setUserPassword');
  });

  it('a supervisor sets the coaches’ of their own organization', async () => {
    const coach = await aCoach(beacon, admin, peers.id);
    const earlier = await coach.token();
    expect(codes(await set(coach.id, await supervisor.token()))).toEqual([]);
    expect(await viewerCode(earlier)).toEqual(['UNAUTHENTICATED']);
  });

  it('a supervisor reaches no one else: another organization’s coach, another supervisor, agency staff, an unknown id are NOT_FOUND', async () => {
    const agency = await anAgency(beacon, admin);
    const targets = [
      await aCoach(beacon, admin, otherPeers.id),
      await aSupervisor(beacon, admin, peers.id),
      await anAgencyStaff(beacon, admin, agency.id),
    ];
    const token = await supervisor.token();
    for (const target of targets) {
      const earlier = await target.token();
      expect(codes(await set(target.id, token))).toEqual(['NOT_FOUND']);
      expect(await viewerCode(earlier)).toEqual([]);
    }
    expect(codes(await set(randomUUID(), token))).toEqual(['NOT_FOUND']);
  });

  it('coaches, agency staff and funders are FORBIDDEN, even for themselves; anonymous callers UNAUTHENTICATED', async () => {
    const coach = await aCoach(beacon, admin, peers.id);
    const staff = await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id);
    const funder = await aFunder(beacon, admin, (await aFunderOrganization(beacon, admin)).id);
    for (const user of [coach, staff, funder]) {
      expect(codes(await set(user.id, await user.token()))).toEqual(['FORBIDDEN']);
      expect(codes(await set(coach.id, await user.token()))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await set(coach.id))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual([]);
  });
});

describe('stored hashes', () => {
  it('a new password is stored as argon2id with its parameters', async () => {
    const coach = await aCoach(beacon, admin, peers.id);
    expect(await storedHash(coach.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('an old scrypt hash still signs in, and is replaced by argon2id at that sign-in', async () => {
    const coach = await aCoach(beacon, admin, peers.id);
    const salt = randomBytes(16);
    const scrypt = `scrypt$${salt.toString('base64url')}$${scryptSync(coach.password, salt, 64).toString('base64url')}`;
    await beacon.dataSource.query(`UPDATE app_user SET password_hash = $1 WHERE id = $2`, [scrypt, coach.id]);

    expect(codes(await signIn(beacon, coach.email, 'not-the-password-at-all'))).toEqual(['UNAUTHENTICATED']);
    expect(await storedHash(coach.id)).toBe(scrypt);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual([]);
    expect(await storedHash(coach.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual([]);
  });

  it('an argon2id hash weaker than the current parameters is upgraded too', async () => {
    const coach = await aCoach(beacon, admin, peers.id);
    const weak = await hash(coach.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await beacon.dataSource.query(`UPDATE app_user SET password_hash = $1 WHERE id = $2`, [weak, coach.id]);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual([]);
    expect(await storedHash(coach.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual([]);
  });
});
