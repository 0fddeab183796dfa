import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, aClient, aConsent, aGoal } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { codes } from '../harness/errors';
import { REVOKE_CONSENT, UPDATE_CLIENT } from './builders';

const PERSON = { firstName: 'Dana', lastName: 'Whitfield', phone: '555-0177', email: 'dana@example.org', birthYear: 1979, postalCode: '02139' };
const HIDDEN = { firstName: null, lastName: null, phone: null, email: null, birthYear: null, postalCode: null };
const CLIENT_VIEW = `id alias firstName lastName phone email birthYear postalCode languages contactPreference assignedCoach { id } consents { id } goals { id }`;
const CLIENT = `query($id: ID!) { client(id: $id) { ${CLIENT_VIEW} } }`;
const CLIENTS = `query { clients(first: 100) { edges { node { id } } } }`;
const INCOMING = `query($first: Int) {
  referrals(filter: { direction: RECEIVED }, first: $first) {
    edges { node { id client { id alias firstName lastName phone email contactPreference } } }
  }
}`;

let beacon: Beacon;
let w: ReferralWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
});
afterAll(() => beacon.stop());

/** A client of the coach with personal details and a goal, referred to the world's agency. */
async function aReferredClient(overrides: Record<string, unknown> = {}) {
  const client = await aClient(beacon, w.coachToken, { ...PERSON, languages: ['es'], allowDuplicate: true, ...overrides });
  const referral = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id });
  return { client, referral };
}

const asAgency = async (clientId: string) => (await beacon.ok(CLIENT, { id: clientId }, await w.people.agency.token())).client;

it('an agency that received a referral sees the alias, languages and contact preference, and nothing personal without consent', async () => {
  const { client, referral } = await aReferredClient();
  expect(await asAgency(client.id)).toEqual({
    id: client.id,
    alias: client.alias,
    ...HIDDEN,
    languages: ['es'],
    contactPreference: 'PHONE',
    assignedCoach: null,
    consents: [],
    goals: [],
  });
  const incoming = await beacon.ok(INCOMING, { first: 50 }, await w.people.agency.token());
  const node = incoming.referrals.edges.find((e: any) => e.node.id === referral.id).node;
  expect(node.client).toEqual({ id: client.id, alias: client.alias, firstName: null, lastName: null, phone: null, email: null, contactPreference: 'PHONE' });
});

it('an active SHARE_CONTACT consent for the agency shows the names and contact details; revoking it hides them on the next read', async () => {
  const { client } = await aReferredClient();
  const consent = await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id);
  expect(await asAgency(client.id)).toMatchObject(PERSON);
  await beacon.ok(REVOKE_CONSENT, { id: consent.id }, w.coachToken);
  expect(await asAgency(client.id)).toMatchObject(HIDDEN);
});

it("consent shows the agency the client's details, never the coach side's: no coach, consents or goals", async () => {
  const { client } = await aReferredClient();
  await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id);
  await aGoal(beacon, w.coachToken, client.id);
  expect(await asAgency(client.id)).toMatchObject({ ...PERSON, assignedCoach: null, consents: [], goals: [] });
});

it('an agency that received a referral still keeps no caseload, and a funder reads no client at all', async () => {
  const { client } = await aReferredClient();
  await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id);
  const list = await beacon.gql(CLIENTS, {}, await w.people.agency.token());
  expect(codes(list)).toEqual(['FORBIDDEN']);
  expect(list.data?.clients ?? null).toBeNull();
  const funder = await w.people.funder.token();
  const read = await beacon.gql(CLIENT, { id: client.id }, funder);
  expect(codes(read)).toEqual(['FORBIDDEN']);
  expect(read.data?.client ?? null).toBeNull();
  expect(codes(await beacon.gql(CLIENTS, {}, funder))).toEqual(['FORBIDDEN']);
});

it('consent for another organization, or to share notes only, shows nothing personal', async () => {
  const { client } = await aReferredClient();
  await aConsent(beacon, w.coachToken, client.id, w.otherAgencyOrg.id);
  await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { scope: 'SHARE_NOTES' });
  expect(await asAgency(client.id)).toMatchObject(HIDDEN);
});

it('an expired consent shows nothing personal', async () => {
  const { client } = await aReferredClient();
  const consent = await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  expect(await asAgency(client.id)).toMatchObject(PERSON);
  await beacon.dataSource.query(`UPDATE consent SET granted_at = now() - interval '2 days', expires_at = now() - interval '1 minute' WHERE id = $1`, [consent.id]);
  expect(await asAgency(client.id)).toMatchObject(HIDDEN);
});

it('a client who chose DO_NOT_CONTACT shows the alias only, even under consent', async () => {
  const { client, referral } = await aReferredClient({ contactPreference: 'DO_NOT_CONTACT' });
  await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id);
  expect(await asAgency(client.id)).toMatchObject({ ...HIDDEN, alias: client.alias, contactPreference: 'DO_NOT_CONTACT' });
  const incoming = await beacon.ok(INCOMING, { first: 50 }, await w.people.agency.token());
  expect(incoming.referrals.edges.find((e: any) => e.node.id === referral.id).node.client).toMatchObject({ firstName: null, phone: null });

  // Choosing to be contactable again brings the consented details back.
  await beacon.ok(UPDATE_CLIENT, { input: { id: client.id, contactPreference: 'TEXT' } }, w.coachToken);
  expect(await asAgency(client.id)).toMatchObject(PERSON);
});

it('an agency that did not receive the referral does not see the client at all', async () => {
  const { client } = await aReferredClient();
  await aConsent(beacon, w.coachToken, client.id, w.otherAgencyOrg.id);
  expect((await beacon.ok(CLIENT, { id: client.id }, await w.people.otherAgency.token())).client).toBeNull();
});

it('reading a client through a referral leaves an audit event the coach\'s supervisor can read', async () => {
  const { client, referral } = await aReferredClient();
  const response = await fetch(`${beacon.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await w.people.agency.token()}` },
    body: JSON.stringify({ query: `query($id: ID!) { referral(id: $id) { client { alias } } }`, variables: { id: referral.id } }),
  });
  const requestId = response.headers.get('x-request-id');
  expect(((await response.json()) as any).data.referral.client.alias).toBe(client.alias);
  const events = await beacon.ok(
    `query($id: ID!) { auditEvents(filter: { entityId: $id, entityType: "Client" }) { edges { node { action requestId actor { id } } } } }`,
    { id: client.id },
    await w.people.supervisor.token(),
  );
  expect(events.auditEvents.edges.map((e: any) => e.node).filter((e: any) => e.requestId === requestId)).toEqual([
    { action: 'readClient', requestId, actor: { id: w.people.agency.id } },
  ]);
});

it("an agency's page of referrals checks consent and audits client reads in constant statements", async () => {
  const agency = await w.people.agency.token();
  const count = () => beacon.countStatements(() => beacon.ok(INCOMING, { first: 50 }, agency));
  const before = await count();
  for (let i = 0; i < 4; i++) {
    const { client } = await aReferredClient();
    if (i % 2 === 0) await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id);
  }
  expect(await count()).toBe(before);
});
