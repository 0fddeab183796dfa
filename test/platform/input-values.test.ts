import { startBeacon, type Beacon } from '../harness/beacon';
import { CREATE_CLIENT, CREATE_SERVICE, aLocation, PASSWORD, aGrant, CREATE_REFERRAL, aReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { SEARCH, SERVICE, UPDATE_SERVICE } from '../directory/builders';
import { ADD_NOTE, REFERRAL, REFERRALS } from '../referrals/builders';
import { badFields, errorOf } from '../harness/errors';

let beacon: Beacon;
let w: ReferralWorld;
let referral: { id: string; version: number };

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
  referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
  await aGrant(beacon, w.admin, w.people.funder.organizationId!, w.agencyOrg.id, '2026-01-01');
}, 60_000);
afterAll(() => beacon.stop());

const NUL = '\u0000';
const up = (id: string) => id.toUpperCase();

/** The BAD_USER_INPUT fields of a response, or its first error code when it is anything else. */
function refusal(response: { data?: unknown; errors?: { extensions: Record<string, any> }[] }) {
  const error = errorOf(response);
  return error?.code === 'BAD_USER_INPUT' ? { data: response.data, fields: error.fields } : { data: response.data, code: error?.code ?? 'no error' };
}
const nulIn = (field: string) => ({ data: undefined, fields: [{ field, message: 'must not contain a NUL character' }] });

describe('text with a NUL character is bad input naming the field, wherever it comes', () => {
  it('in the sign-in email and password', async () => {
    const login = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
    const coach = w.people.coach;
    expect(refusal(await beacon.gql(login, { email: `${coach.email}${NUL}`, password: PASSWORD }))).toEqual(nulIn('email'));
    expect(refusal(await beacon.gql(login, { email: coach.email, password: `${PASSWORD}${NUL}` }))).toEqual(nulIn('password'));
  });

  it("in a referral note's body, and the referral does not change", async () => {
    const response = await beacon.gql(ADD_NOTE, { input: { referralId: referral.id, body: `called${NUL}back` } }, w.coachToken);
    expect(refusal(response)).toEqual(nulIn('input.body'));
    expect((await beacon.ok(REFERRAL, { id: referral.id }, w.coachToken)).referral).toMatchObject({ version: referral.version, notes: [] });
  });

  it('in a referrals filter', async () => {
    const response = await beacon.gql(REFERRALS, { filter: { clientId: `${w.client.id}${NUL}` } }, w.coachToken);
    expect(refusal(response)).toEqual(nulIn('filter.clientId'));
  });

  it('in search text, as a variable and as an inline literal', async () => {
    expect(refusal(await beacon.gql(SEARCH, { filter: { text: `shel${NUL}ter` } }))).toEqual(nulIn('filter.text'));
    // The escape sits in the document itself: \u0000 inside a GraphQL string literal.
    const inline = await beacon.gql(`{ searchServices(filter: { text: "shel\\u0000ter" }) { totalCount } }`);
    expect(refusal(inline)).toEqual(nulIn('filter.text'));
  });

  it('in an inline literal of a mutation, and nothing is written', async () => {
    const count = async () => (await beacon.ok(`{ clients(first: 1) { totalCount } }`, {}, w.coachToken)).clients.totalCount;
    const before = await count();
    const response = await beacon.gql(`mutation { createClient(input: { alias: "A\\u0000B" }) { client { id } } }`, {}, w.coachToken);
    expect(refusal(response)).toEqual(nulIn('input.alias'));
    expect(await count()).toBe(before);
  });

  it("in a nested list item: a location's name, a language, an inline list", async () => {
    const agency = await w.people.agency.token();
    const input = { name: 'Harbor Detox', description: 'Help.', category: 'TREATMENT', locations: [aLocation(), aLocation({ name: `Annex${NUL}` })] };
    expect(refusal(await beacon.gql(CREATE_SERVICE, { input }, agency))).toEqual(nulIn('input.locations.1.name'));
    const languages = await beacon.gql(CREATE_SERVICE, { input: { ...input, locations: [aLocation()], languages: ['en', `e${NUL}s`] } }, agency);
    expect(refusal(languages)).toEqual(nulIn('input.languages.1'));
    const literal = await beacon.gql(`{ searchServices(filter: { languages: ["en", "e\\u0000s"] }) { totalCount } }`);
    expect(refusal(literal)).toEqual(nulIn('filter.languages.1'));
  });

  it('in every bad field at once, each named', async () => {
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: `A${NUL}`, firstName: `B${NUL}`, languages: ['en', `f${NUL}r`] } }, w.coachToken);
    expect(badFields(response)).toEqual(['input.alias', 'input.firstName', 'input.languages.1']);
  });

  it("in a variable's default value", async () => {
    const response = await beacon.gql(`query($t: String = "shel\\u0000ter") { searchServices(filter: { text: $t }) { totalCount } }`);
    expect(refusal(response)).toEqual(nulIn('t'));
  });

  it('in a cursor', async () => {
    const cursor = Buffer.from(JSON.stringify([`a${NUL}`, w.client.id])).toString('base64url');
    const response = await beacon.gql(`query($after: String) { clients(first: 5, after: $after) { totalCount } }`, { after: cursor }, w.coachToken);
    expect(refusal(response)).toEqual({ data: null, fields: [{ field: 'after', message: 'is not a cursor from this list' }] });
  });

  it("in the CSV report's query parameters: 400, naming the parameter", async () => {
    const response = await fetch(`${beacon.url}/reports/outcomes.csv?from=2026-01-01&to=2026-01-31&groupBy=MONTH&categories=HOUSING%00`, {
      headers: { authorization: `Bearer ${w.admin}` },
    });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(errorOf(body)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'categories', message: 'must not contain a NUL character' }] });
  });
});

describe('ids are read case-insensitively everywhere', () => {
  it('service, referral, client and organization by an upper-case id answer as by the lower-case one', async () => {
    const agency = await w.people.agency.token();
    const cases: [string, Record<string, unknown>, string][] = [
      [SERVICE, { id: w.service.id }, agency],
      [REFERRAL, { id: referral.id }, w.coachToken],
      [`query($id: ID!) { client(id: $id) { id alias referrals(first: 5) { edges { node { id } } } } }`, { id: w.client.id }, w.coachToken],
      [`query($id: ID!) { organization(id: $id) { id name services(first: 5) { edges { node { id } } } } }`, { id: w.agencyOrg.id }, agency],
    ];
    for (const [query, { id }, token] of cases) {
      const lower = await beacon.ok(query, { id }, token);
      expect(Object.values(lower)[0]).not.toBeNull();
      expect(await beacon.ok(query, { id: up(id as string) }, token)).toEqual(lower);
    }
  });

  it('an upper-case id written inline in the document', async () => {
    const lower = await beacon.ok(`{ service(id: "${w.service.id}") { id name } }`);
    expect(await beacon.ok(`{ service(id: "${up(w.service.id)}") { id name } }`)).toEqual(lower);
    expect(lower.service.id).toBe(w.service.id);
  });

  it("an upper-case id as a variable's default value", async () => {
    const lower = await beacon.ok(`{ service(id: "${w.service.id}") { id name } }`);
    expect(await beacon.ok(`query($id: ID! = "${up(w.service.id)}") { service(id: $id) { id name } }`)).toEqual(lower);
  });

  it('upper-case ids written inline inside an input object: the idempotent retry finds the first referral', async () => {
    const create = (clientId: string, serviceId: string) =>
      `mutation { createReferral(input: { clientId: "${clientId}", serviceId: "${serviceId}", send: false, idempotencyKey: "inline-capitals" }) { referral { id } } }`;
    const created = (await beacon.ok(create(w.client.id, w.service.id), {}, w.coachToken)).createReferral.referral;
    const retried = (await beacon.ok(create(up(w.client.id), up(w.service.id)), {}, w.coachToken)).createReferral.referral;
    expect(retried.id).toBe(created.id);
  });

  it('createReferral with upper-case client and service ids, and its retry by the same idempotency key', async () => {
    const input = { clientId: w.client.id, serviceId: w.service.id, send: false, idempotencyKey: 'retry-in-capitals' };
    const created = (await beacon.ok(CREATE_REFERRAL, { input }, w.coachToken)).createReferral.referral;
    expect(created).toMatchObject({ client: { id: w.client.id }, service: { id: w.service.id }, receivingOrganization: { id: w.agencyOrg.id } });
    // The same client and service, spelled in capitals: the retry the key promises, not a CONFLICT.
    const retry = { ...input, clientId: up(w.client.id), serviceId: up(w.service.id) };
    expect((await beacon.ok(CREATE_REFERRAL, { input: retry }, w.coachToken)).createReferral.referral.id).toBe(created.id);
  });

  it('updateService with an upper-case id inside its input', async () => {
    const agency = await w.people.agency.token();
    const { service } = await beacon.ok(SERVICE, { id: w.service.id }, agency);
    const updated = (await beacon.ok(UPDATE_SERVICE, { input: { id: up(service.id), expectedVersion: service.version, name: 'Renamed by an upper-case id' } }, agency)).updateService.service;
    expect(updated).toMatchObject({ id: w.service.id, name: 'Renamed by an upper-case id', version: service.version + 1 });
  });

  it('a referrals filter by an upper-case client id', async () => {
    const ids = async (clientId: string) => (await beacon.ok(REFERRALS, { filter: { clientId } }, w.coachToken)).referrals.edges.map((e: any) => e.node.id);
    const lower = await ids(w.client.id);
    expect(lower).toContain(referral.id);
    expect(await ids(up(w.client.id))).toEqual(lower);
  });

  it("a funder's report on upper-case organizationIds, in GraphQL and CSV", async () => {
    const funder = await w.people.funder.token();
    const query = `query($input: OutcomeReportInput!) { outcomeReport(input: $input) { rows { organization { id } referrals } } }`;
    const input = (id: string) => ({ input: { from: '2026-01-01', to: '2026-12-31', groupBy: ['ORGANIZATION'], organizationIds: [id] } });
    const lower = await beacon.ok(query, input(w.agencyOrg.id), funder);
    expect(await beacon.ok(query, input(up(w.agencyOrg.id)), funder)).toEqual(lower);
    const csv = async (id: string) => {
      const response = await fetch(`${beacon.url}/reports/outcomes.csv?from=2026-01-01&to=2026-12-31&groupBy=ORGANIZATION&organizationIds=${id}`, {
        headers: { authorization: `Bearer ${funder}` },
      });
      return { status: response.status, body: await response.text() };
    };
    const lowerCsv = await csv(w.agencyOrg.id);
    expect(lowerCsv.status).toBe(200);
    expect(await csv(up(w.agencyOrg.id))).toEqual(lowerCsv);
  });

  it('an audit filter by an upper-case entity id', async () => {
    const query = `query($id: ID) { auditEvents(filter: { entityId: $id }, first: 50) { totalCount } }`;
    const lower = await beacon.ok(query, { id: w.client.id }, w.admin);
    expect(lower.auditEvents.totalCount).toBeGreaterThan(0);
    expect(await beacon.ok(query, { id: up(w.client.id) }, w.admin)).toEqual(lower);
  });

  it('a malformed id argument is still bad input naming it', async () => {
    expect(refusal(await beacon.gql(SERVICE, { id: 'NOT-A-UUID' }))).toEqual({ data: undefined, fields: [{ field: 'id', message: 'must be an id' }] });
  });
});
