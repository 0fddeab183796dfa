import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aFunder, aFunderOrganization, aPeerOrganization, aSupervisor, anAgency, anAgencyStaff, aUser, type TestUser } from '../harness/builders';
import { badFields, codes } from '../harness/errors';

let beacon: Beacon;
let admin: string;
let peer: { id: string };
let otherPeer: { id: string };
let agency: { id: string };
let otherAgency: { id: string };
let fund: { id: string };
let otherFund: { id: string };
let supervisor: TestUser;
let coach: TestUser;
let otherCoach: TestUser;
let staff: TestUser;
let funder: TestUser;

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
  [peer, otherPeer, agency, otherAgency, fund, otherFund] = await Promise.all([
    aPeerOrganization(beacon, admin, 'Harbor Peers'),
    aPeerOrganization(beacon, admin, 'Inland Peers'),
    anAgency(beacon, admin, 'Tidewater Treatment'),
    anAgency(beacon, admin, 'Lighthouse Housing'),
    aFunderOrganization(beacon, admin, 'County Fund'),
    aFunderOrganization(beacon, admin, 'State Fund'),
  ]);
  supervisor = await aSupervisor(beacon, admin, peer.id);
  coach = await aCoach(beacon, admin, peer.id, { supervisorId: supervisor.id });
  otherCoach = await aCoach(beacon, admin, otherPeer.id);
  staff = await anAgencyStaff(beacon, admin, agency.id);
  funder = await aFunder(beacon, admin, fund.id);
});
afterAll(() => beacon.stop());

const USERS = `query($org: ID) { users(organizationId: $org, first: 100) { totalCount edges { node { id role organization { id } } } } }`;
const GRANTS = `query($funderId: ID) { grants(funderId: $funderId) { id name funder { id } grantee { id } } }`;
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`;
const UPDATE_ORG = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id name phone website } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id role coachKind organization { id } supervisor { id } } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { user { id active } } }`;
const CERTIFY = `mutation($input: AddCertificationInput!) { addCertification(input: $input) { certification { id name expiresOn current } } }`;
const CREATE_GRANT = `mutation($input: CreateGrantInput!) { createGrant(input: $input) { grant { id funder { id } grantee { id } startsOn endsOn } } }`;

const newUser = (role: string, organizationId: string | null, extra: Record<string, unknown> = {}) => ({
  input: { email: `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}@test.beacon`, name: 'New Person', password: 'long-enough-password', role, organizationId, ...extra },
});

describe('viewer', () => {
  it('shows every role itself and its organization', async () => {
    for (const user of [supervisor, coach, staff, funder]) {
      const { viewer } = await beacon.ok(`{ viewer { id role organization { id } supervisor { id } } }`, {}, await user.token());
      expect(viewer).toMatchObject({ id: user.id, role: user.role, organization: { id: user.organizationId } });
    }
    const { viewer } = await beacon.ok(`{ viewer { supervisor { id } } }`, {}, await coach.token());
    expect(viewer.supervisor).toEqual({ id: supervisor.id });
  });
});

describe('users', () => {
  it('admins list everyone', async () => {
    const { users } = await beacon.ok(USERS, {}, admin);
    expect(users.totalCount).toBe(6);
  });

  it('supervisors list the people of their own organization only', async () => {
    const { users } = await beacon.ok(USERS, {}, await supervisor.token());
    expect(users.edges.map((e: any) => e.node.organization.id)).toEqual([peer.id, peer.id]);
    const other = await beacon.ok(USERS, { org: otherPeer.id }, await supervisor.token());
    expect(other.users.totalCount).toBe(0);
  });

  it('is refused to coaches, agency staff and funders, and to anonymous callers', async () => {
    for (const user of [coach, staff, funder]) expect(codes(await beacon.gql(USERS, {}, await user.token()))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(USERS))).toEqual(['UNAUTHENTICATED']);
  });

  it('pages by name with opaque cursors and no gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { users }: any = await beacon.ok(`query($after: String) { users(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { after }, admin);
      seen.push(...users.edges.map((e: any) => e.node.id));
      after = users.pageInfo.hasNextPage ? users.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await beacon.ok(USERS, {}, admin)).users.totalCount);
  });
});

describe('organizations', () => {
  it('are public: anyone lists them by kind and name, and reads one', async () => {
    const { organizations } = await beacon.ok(`{ organizations(kinds: [PROVIDER], search: "house") { totalCount edges { node { id name kinds } } } }`);
    expect(organizations.edges.map((e: any) => e.node.id)).toEqual([otherAgency.id]);
    const { organization } = await beacon.ok(`query($id: ID!) { organization(id: $id) { id name } }`, { id: peer.id });
    expect(organization).toEqual({ id: peer.id, name: 'Harbor Peers' });
  });

  it('are created by admins only', async () => {
    const input = { input: { name: 'New Org', description: 'A new organization.', kinds: ['PROVIDER'] } };
    expect((await beacon.ok(CREATE_ORG, input, admin)).createOrganization.organization.id).toEqual(expect.any(String));
    for (const user of [supervisor, coach, staff, funder]) expect(codes(await beacon.gql(CREATE_ORG, input, await user.token()))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(CREATE_ORG, input))).toEqual(['UNAUTHENTICATED']);
  });

  it('are updated by admins and by their own agency staff; another agency is not found', async () => {
    const own = await beacon.ok(UPDATE_ORG, { input: { id: agency.id, phone: '(555) 010-2000', website: null } }, await staff.token());
    expect(own.updateOrganization.organization).toMatchObject({ id: agency.id, phone: '(555) 010-2000', website: null });
    expect(codes(await beacon.gql(UPDATE_ORG, { input: { id: otherAgency.id, phone: '1' } }, await staff.token()))).toEqual(['NOT_FOUND']);
    for (const user of [supervisor, coach, funder]) expect(codes(await beacon.gql(UPDATE_ORG, { input: { id: peer.id, phone: '1' } }, await user.token()))).toEqual(['FORBIDDEN']);
    const byAdmin = await beacon.ok(UPDATE_ORG, { input: { id: otherAgency.id, name: 'Lighthouse Housing Co.' } }, admin);
    expect(byAdmin.updateOrganization.organization.name).toBe('Lighthouse Housing Co.');
  });

  it('reject a bad website or email, naming the field, and change nothing', async () => {
    const response = await beacon.gql(UPDATE_ORG, { input: { id: agency.id, website: 'not a url', email: 'nope' } }, admin);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.email', 'input.website']);
    const { organization } = await beacon.ok(`query($id: ID!) { organization(id: $id) { website email } }`, { id: agency.id });
    expect(organization).toEqual({ website: null, email: null });
  });
});

describe('createUser', () => {
  it('admins create anyone, in an organization of the kind the role needs', async () => {
    const created = await beacon.ok(CREATE_USER, newUser('AGENCY_STAFF', otherAgency.id), admin);
    expect(created.createUser.user).toMatchObject({ role: 'AGENCY_STAFF', organization: { id: otherAgency.id } });
    const wrongKind = await beacon.gql(CREATE_USER, newUser('COACH', agency.id), admin);
    expect(codes(wrongKind)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(wrongKind)).toEqual(['input.organizationId']);
  });

  it('supervisors create coaches in their own organization, nothing else', async () => {
    const created = await beacon.ok(CREATE_USER, newUser('COACH', null, { supervisorId: supervisor.id }), await supervisor.token());
    expect(created.createUser.user).toMatchObject({ role: 'COACH', coachKind: 'PEER_SUPPORT_WORKER', organization: { id: peer.id }, supervisor: { id: supervisor.id } });
    expect(codes(await beacon.gql(CREATE_USER, newUser('SUPERVISOR', peer.id), await supervisor.token()))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(CREATE_USER, newUser('COACH', otherPeer.id), await supervisor.token()))).toEqual(['NOT_FOUND']);
  });

  it('is refused to coaches, agency staff, funders and anonymous callers', async () => {
    for (const user of [coach, staff, funder]) expect(codes(await beacon.gql(CREATE_USER, newUser('COACH', peer.id), await user.token()))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(CREATE_USER, newUser('COACH', peer.id)))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an email already in use, whatever its case', async () => {
    const response = await beacon.gql(CREATE_USER, { input: { ...newUser('COACH', peer.id).input, email: coach.email.toUpperCase() } }, admin);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.email']);
  });

  it('refuses a supervisor from another organization', async () => {
    const response = await beacon.gql(CREATE_USER, newUser('COACH', otherPeer.id, { supervisorId: supervisor.id }), admin);
    expect(badFields(response)).toEqual(['input.supervisorId']);
  });
});

describe('deactivateUser', () => {
  it('supervisors deactivate coaches of their own organization; others are not found', async () => {
    const mine = await aCoach(beacon, admin, peer.id);
    const { deactivateUser } = await beacon.ok(DEACTIVATE, { id: mine.id }, await supervisor.token());
    expect(deactivateUser.user).toEqual({ id: mine.id, active: false });
    expect(codes(await beacon.gql(DEACTIVATE, { id: otherCoach.id }, await supervisor.token()))).toEqual(['NOT_FOUND']);
    expect(codes(await beacon.gql(DEACTIVATE, { id: staff.id }, await supervisor.token()))).toEqual(['NOT_FOUND']);
  });

  it('admins deactivate anyone; coaches, agency staff, funders and anonymous callers may not', async () => {
    const someone = await anAgencyStaff(beacon, admin, otherAgency.id);
    for (const user of [coach, staff, funder]) expect(codes(await beacon.gql(DEACTIVATE, { id: someone.id }, await user.token()))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(DEACTIVATE, { id: someone.id }))).toEqual(['UNAUTHENTICATED']);
    expect((await beacon.ok(DEACTIVATE, { id: someone.id }, admin)).deactivateUser.user.active).toBe(false);
  });
});

describe('addCertification', () => {
  const cert = (userId: string, extra: Record<string, unknown> = {}) => ({
    input: { userId, name: 'Certified Peer Recovery Specialist', issuer: 'State Board', issuedOn: '2020-01-01', expiresOn: '2030-01-01', ...extra },
  });

  it('coaches certify themselves, supervisors their people, admins anyone', async () => {
    expect((await beacon.ok(CERTIFY, cert(coach.id), await coach.token())).addCertification.certification.current).toBe(true);
    expect((await beacon.ok(CERTIFY, cert(coach.id), await supervisor.token())).addCertification.certification.id).toEqual(expect.any(String));
    expect((await beacon.ok(CERTIFY, cert(otherCoach.id), admin)).addCertification.certification.id).toEqual(expect.any(String));
  });

  it('another person is not found; agency staff and funders may not', async () => {
    expect(codes(await beacon.gql(CERTIFY, cert(otherCoach.id), await coach.token()))).toEqual(['NOT_FOUND']);
    expect(codes(await beacon.gql(CERTIFY, cert(otherCoach.id), await supervisor.token()))).toEqual(['NOT_FOUND']);
    for (const user of [staff, funder]) expect(codes(await beacon.gql(CERTIFY, cert(user.id), await user.token()))).toEqual(['FORBIDDEN']);
  });

  it('an expired certification is not current', async () => {
    const { addCertification } = await beacon.ok(CERTIFY, cert(coach.id, { issuedOn: '2019-01-01', expiresOn: '2021-01-01' }), admin);
    expect(addCertification.certification).toMatchObject({ expiresOn: '2021-01-01', current: false });
  });

  it('refuses an expiry before the issue date and a malformed day', async () => {
    const backwards = await beacon.gql(CERTIFY, cert(coach.id, { issuedOn: '2024-01-01', expiresOn: '2023-01-01' }), admin);
    expect(badFields(backwards)).toEqual(['input.expiresOn']);
    const malformed = await beacon.gql(CERTIFY, cert(coach.id, { expiresOn: '2024-13-45' }), admin);
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(malformed)).toEqual(['input.expiresOn']);
  });
});

describe('grants', () => {
  let grantId: string;
  beforeAll(async () => {
    const { createGrant } = await beacon.ok(CREATE_GRANT, { input: { funderId: fund.id, granteeId: peer.id, name: 'Peer support 2026', startsOn: '2026-01-01', endsOn: '2026-12-31' } }, admin);
    grantId = createGrant.grant.id;
    await beacon.ok(CREATE_GRANT, { input: { funderId: otherFund.id, granteeId: agency.id, name: 'Treatment access', startsOn: '2026-01-01' } }, admin);
  });

  it('funders see the grants they give and no other funder’s', async () => {
    const { grants } = await beacon.ok(GRANTS, {}, await funder.token());
    expect(grants.map((g: any) => g.id)).toEqual([grantId]);
    expect((await beacon.ok(GRANTS, { funderId: otherFund.id }, await funder.token())).grants).toEqual([]);
  });

  it('admins see all, narrowed by the arguments', async () => {
    expect((await beacon.ok(GRANTS, {}, admin)).grants).toHaveLength(2);
    expect((await beacon.ok(GRANTS, { funderId: otherFund.id }, admin)).grants[0].grantee.id).toBe(agency.id);
  });

  it('are read and created by nobody else', async () => {
    for (const user of [coach, supervisor, staff]) expect(codes(await beacon.gql(GRANTS, {}, await user.token()))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(GRANTS))).toEqual(['UNAUTHENTICATED']);
    const input = { input: { funderId: fund.id, granteeId: agency.id, name: 'X', startsOn: '2026-01-01' } };
    for (const user of [coach, supervisor, staff, funder]) expect(codes(await beacon.gql(CREATE_GRANT, input, await user.token()))).toEqual(['FORBIDDEN']);
  });

  it('need a funder organization and an end on or after the start', async () => {
    const response = await beacon.gql(CREATE_GRANT, { input: { funderId: peer.id, granteeId: agency.id, name: 'X', startsOn: '2026-06-01', endsOn: '2026-01-01' } }, admin);
    expect(badFields(response)).toEqual(['input.endsOn', 'input.funderId']);
  });
});

describe('the audit log', () => {
  it('records who changed people and organizations', async () => {
    const user = await aUser(beacon, admin, 'FUNDER', fund.id);
    const { auditEvents } = await beacon.ok(`query($f: AuditFilter) { auditEvents(filter: $f) { edges { node { action entityType entityId requestId } } } }`, { f: { entityId: user.id, entityType: 'User' } }, admin);
    expect(auditEvents.edges.map((e: any) => e.node.action)).toEqual(['createUser']);
    expect(auditEvents.edges[0].node.requestId).toEqual(expect.any(String));
  });

  it('is not for coaches, agency staff or funders', async () => {
    for (const user of [coach, staff, funder]) expect(codes(await beacon.gql(`{ auditEvents { totalCount } }`, {}, await user.token()))).toEqual(['FORBIDDEN']);
  });
});
