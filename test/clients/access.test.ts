import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aConsent, aGoal, CREATE_CLIENT, CREATE_GOAL, RECORD_CONSENT } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { codes, errorOf } from '../harness/errors';
import { REVOKE_CONSENT, UPDATE_CLIENT, UPDATE_GOAL } from './builders';

const CLIENT = `query($id: ID!) { client(id: $id) { id alias firstName consents { id } goals { id } } }`;
const CLIENTS = `query { clients(first: 100) { totalCount edges { node { id } } } }`;

let beacon: Beacon;
let w: CaseloadWorld;
let clientId: string;
let consentId: string;
let goalId: string;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
  const token = await w.coach.token();
  clientId = (await aClient(beacon, token, { alias: 'Private', firstName: 'Pat' })).id;
  consentId = (await aConsent(beacon, token, clientId, w.agency.id)).id;
  goalId = (await aGoal(beacon, token, clientId)).id;
});
afterAll(() => beacon.stop());

/** Who asks: a token, or none for anonymous. */
const callers: Record<string, () => Promise<string | undefined>> = {
  'a coach of another organization': () => w.otherOrgCoach.token(),
  'another coach of the same organization': () => w.sameOrgCoach.token(),
  'a supervisor of another organization': () => w.otherOrgSupervisor.token(),
  'agency staff without a referral': () => w.agencyStaff.token(),
  'a funder': () => w.funder.token(),
  'an anonymous caller': async () => undefined,
};

/** What each refused caller gets for reading one client: nothing to see, or the code for a role that may never ask. */
const readExpectation: Record<string, string | null> = {
  'a coach of another organization': null,
  'another coach of the same organization': null,
  'a supervisor of another organization': null,
  'agency staff without a referral': null,
  'a funder': 'FORBIDDEN',
  'an anonymous caller': 'UNAUTHENTICATED',
};

/** What each refused caller gets from the caseload list: a list without the client, or the code for a role that may never list one. */
const listExpectation: Record<string, string | null> = {
  'a coach of another organization': null,
  'another coach of the same organization': null,
  'a supervisor of another organization': null,
  'agency staff without a referral': 'FORBIDDEN',
  'a funder': 'FORBIDDEN',
  'an anonymous caller': 'UNAUTHENTICATED',
};

/** What each refused caller gets from a caseload mutation on someone else's client. */
const writeExpectation: Record<string, string> = {
  'a coach of another organization': 'NOT_FOUND',
  'another coach of the same organization': 'NOT_FOUND',
  'a supervisor of another organization': 'NOT_FOUND',
  'agency staff without a referral': 'FORBIDDEN',
  'a funder': 'FORBIDDEN',
  'an anonymous caller': 'UNAUTHENTICATED',
};

const unchanged = async () => {
  const client = (await beacon.ok(CLIENT, { id: clientId }, await w.coach.token())).client;
  expect(client).toMatchObject({ alias: 'Private', firstName: 'Pat', consents: [{ id: consentId }], goals: [{ id: goalId }] });
  const consent = (await beacon.ok(`query($id: ID!) { client(id: $id) { consents { active } goals { description } } }`, { id: clientId }, await w.coach.token())).client;
  expect(consent).toEqual({ consents: [{ active: true }], goals: [{ description: 'Find a stable apartment' }] });
};

describe.each(Object.keys(callers))('%s', (who) => {
  it('reads the client as if it did not exist', async () => {
    const response = await beacon.gql(CLIENT, { id: clientId }, await callers[who]());
    const expected = readExpectation[who];
    if (expected) {
      expect(codes(response)).toEqual([expected]);
      expect(response.data?.client ?? null).toBeNull();
    } else {
      expect(response.errors).toBeUndefined();
      expect(response.data.client).toBeNull();
    }
  });

  it('does not find the client in any caseload list', async () => {
    const response = await beacon.gql(CLIENTS, {}, await callers[who]());
    const expected = listExpectation[who];
    if (expected) {
      expect(codes(response)).toEqual([expected]);
      expect(response.data?.clients ?? null).toBeNull();
    } else {
      expect(response.errors).toBeUndefined();
      expect(response.data.clients.edges.map((e: any) => e.node.id)).not.toContain(clientId);
    }
  });

  it('cannot change the client, its consents or its goals, and nothing changes', async () => {
    const token = await callers[who]();
    const attempts = [
      beacon.gql(UPDATE_CLIENT, { input: { id: clientId, alias: 'Probed', firstName: null } }, token),
      beacon.gql(RECORD_CONSENT, { input: { clientId, organizationId: w.agency.id, scope: 'SHARE_NOTES', method: 'VERBAL' } }, token),
      beacon.gql(REVOKE_CONSENT, { id: consentId }, token),
      beacon.gql(CREATE_GOAL, { input: { clientId, domain: 'LEGAL', description: 'Probe' } }, token),
      beacon.gql(UPDATE_GOAL, { input: { id: goalId, status: 'ABANDONED', description: 'Probed' } }, token),
    ];
    for (const response of await Promise.all(attempts)) expect(codes(response)).toEqual([writeExpectation[who]]);
    await unchanged();
  });
});

describe('roles that never keep a caseload', () => {
  it.each([
    ['agency staff', 'FORBIDDEN'],
    ['a funder', 'FORBIDDEN'],
    ['an admin', 'FORBIDDEN'],
    ['an anonymous caller', 'UNAUTHENTICATED'],
  ])('%s cannot create a client', async (who, code) => {
    const token = { 'agency staff': () => w.agencyStaff.token(), 'a funder': () => w.funder.token(), 'an admin': async () => w.admin, 'an anonymous caller': async () => undefined }[who]!;
    const before = (await beacon.ok(CLIENTS, {}, await w.supervisor.token())).clients.totalCount;
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: 'Sneaky' } }, await token());
    expect(codes(response)).toEqual([code]);
    expect((await beacon.ok(CLIENTS, {}, await w.supervisor.token())).clients.totalCount).toBe(before);
  });

  it('an admin may not list caseloads', async () => {
    expect(codes(await beacon.gql(CLIENTS, {}, w.admin))).toEqual(['FORBIDDEN']);
  });

  it('an admin reading a client sees the alias only, no personal details, consents or goals', async () => {
    const client = (await beacon.ok(CLIENT, { id: clientId }, w.admin)).client;
    expect(client).toEqual({ id: clientId, alias: 'Private', firstName: null, consents: [], goals: [] });
  });
});

it('the supervisor of the organization may change any of its clients', async () => {
  const token = await w.supervisor.token();
  const updated = (await beacon.ok(UPDATE_CLIENT, { input: { id: clientId, postalCode: '02139' } }, token)).updateClient.client;
  expect(updated.postalCode).toBe('02139');
  const goal = await aGoal(beacon, token, clientId, { description: 'Supervisor goal' });
  expect(goal.status).toBe('ACTIVE');
});

it('an unknown id is answered as not existing', async () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  const token = await w.coach.token();
  expect((await beacon.ok(CLIENT, { id: missing }, token)).client).toBeNull();
  expect(codes(await beacon.gql(UPDATE_CLIENT, { input: { id: missing, alias: 'x' } }, token))).toEqual(['NOT_FOUND']);
  expect(codes(await beacon.gql(REVOKE_CONSENT, { id: missing }, token))).toEqual(['NOT_FOUND']);
  expect(codes(await beacon.gql(UPDATE_GOAL, { input: { id: missing, status: 'ACHIEVED' } }, token))).toEqual(['NOT_FOUND']);
});

it('a malformed id is BAD_USER_INPUT naming the argument', async () => {
  const response = await beacon.gql(CLIENT, { id: 'not-an-id' }, await w.coach.token());
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(errorOf(response)?.fields).toEqual([{ field: 'id', message: 'must be an id' }]);
});
