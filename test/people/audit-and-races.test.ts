import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aFunderOrganization, aPeerOrganization, anAgency, anAgencyStaff } from '../harness/builders';
import { codes, errorOf } from '../harness/errors';

let beacon: Beacon;
let admin: string;
beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
});
afterAll(() => beacon.stop());

const AUDIT = `query($f: AuditFilter) { auditEvents(filter: $f, first: 50) { edges { node { action entityType entityId actor { id } requestId } } } }`;
const actionsOn = async (entityId: string) =>
  (await beacon.ok(AUDIT, { f: { entityId } }, admin)).auditEvents.edges.map((e: any) => e.node.action).sort();

describe('the audit log', () => {
  it('records every people mutation with its actor and request id', async () => {
    const peers = await aPeerOrganization(beacon, admin);
    const agency = await anAgency(beacon, admin);
    const fund = await aFunderOrganization(beacon, admin);
    const staff = await anAgencyStaff(beacon, admin, agency.id);
    await beacon.ok(`mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }`, { input: { id: agency.id, phone: '(555) 010-0000' } }, await staff.token());
    const coach = await aCoach(beacon, admin, peers.id);
    const { addCertification } = await beacon.ok(
      `mutation($input: AddCertificationInput!) { addCertification(input: $input) { certification { id } } }`,
      { input: { userId: coach.id, name: 'Certified Peer Recovery Specialist', issuer: 'State Board' } },
      admin,
    );
    const { createGrant } = await beacon.ok(
      `mutation($input: CreateGrantInput!) { createGrant(input: $input) { grant { id } } }`,
      { input: { funderId: fund.id, granteeId: peers.id, name: 'Peer support', startsOn: '2026-01-01' } },
      admin,
    );
    await beacon.ok(`mutation($id: ID!) { deactivateUser(id: $id) { user { id } } }`, { id: coach.id }, admin);

    expect(await actionsOn(agency.id)).toEqual(['createOrganization', 'updateOrganization']);
    expect(await actionsOn(coach.id)).toEqual(['createUser', 'deactivateUser']);
    expect(await actionsOn(addCertification.certification.id)).toEqual(['addCertification']);
    expect(await actionsOn(createGrant.grant.id)).toEqual(['createGrant']);
    const { auditEvents } = await beacon.ok(AUDIT, { f: { entityId: agency.id, actorId: staff.id } }, admin);
    expect(auditEvents.edges).toEqual([{ node: expect.objectContaining({ action: 'updateOrganization', actor: { id: staff.id }, requestId: expect.any(String) }) }]);
  });

  it('cannot be changed or deleted, even by a direct database session', async () => {
    const [{ count }] = await beacon.dataSource.query('SELECT count(*)::int AS count FROM audit_event');
    expect(count).toBeGreaterThan(0);
    await expect(beacon.dataSource.query(`UPDATE audit_event SET action = 'nothing happened'`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(beacon.dataSource.query('DELETE FROM audit_event')).rejects.toThrow(/cannot be changed or deleted/);
    await expect(beacon.dataSource.query('TRUNCATE audit_event')).rejects.toThrow(/cannot be changed or deleted/);
    const [{ after }] = await beacon.dataSource.query('SELECT count(*)::int AS after FROM audit_event');
    expect(after).toBe(count);
  });
});

describe('limits and races', () => {
  it('two admins creating the same email at once: one user, and a field error for the other', async () => {
    const peers = await aPeerOrganization(beacon, admin);
    const input = { email: 'same-person@test.beacon', name: 'Same Person', password: 'long-enough-password', role: 'COACH', organizationId: peers.id };
    const create = () => beacon.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, { input }, admin);
    const responses = await Promise.all(Array.from({ length: 6 }, create));
    expect(responses.filter((r) => r.data?.createUser).length).toBe(1);
    for (const r of responses.filter((r) => r.errors)) {
      expect(errorOf(r)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.email', message: 'is already in use' }] });
    }
  });

  it('refuses an oversized email or password at sign-in before hashing it', async () => {
    const response = await beacon.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: 'a'.repeat(400), p: 'x'.repeat(100_000) });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toMatchObject([{ field: 'email' }, { field: 'password' }]);
  });

  it('refuses a password over 200 characters when creating a user', async () => {
    const peers = await aPeerOrganization(beacon, admin);
    const response = await beacon.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
      { input: { email: 'long@test.beacon', name: 'Long', password: 'p'.repeat(201), role: 'COACH', organizationId: peers.id } },
      admin,
    );
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.password', message: 'must be at most 200 characters' }]);
  });
});
