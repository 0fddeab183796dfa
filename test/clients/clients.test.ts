import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aClient, CLIENT_FIELDS, CREATE_CLIENT } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { badFields, codes, errorOf } from '../harness/errors';
import { UPDATE_CLIENT } from './builders';

const CLIENTS = `query($search: String, $first: Int, $after: String) {
  clients(search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id alias } }
  }
}`;
const CLIENT = `query($id: ID!) { client(id: $id) { ${CLIENT_FIELDS} } }`;

let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
});
afterAll(() => beacon.stop());

const aliases = async (token: string, search?: string) =>
  (await beacon.ok(CLIENTS, { search, first: 100 }, token)).clients.edges.map((e: any) => e.node.alias) as string[];
const organizationClientCount = async () => (await beacon.ok(CLIENTS, { first: 0 }, await w.supervisor.token())).clients.totalCount as number;

describe('creating a client', () => {
  it('a coach may work with an alias alone, and the client is assigned to the coach', async () => {
    const client = await aClient(beacon, await w.coach.token(), { alias: '  Sunny  ' });
    expect(client).toMatchObject({
      alias: 'Sunny',
      firstName: null,
      lastName: null,
      phone: null,
      email: null,
      birthYear: null,
      postalCode: null,
      languages: [],
      contactPreference: 'PHONE',
      assignedCoach: { id: w.coach.id },
    });
  });

  it('keeps the personal details a coach gives', async () => {
    const client = await aClient(beacon, await w.coach.token(), {
      alias: 'Rio',
      firstName: 'Rosa',
      lastName: 'Ortiz',
      phone: '555-0100',
      email: 'rosa@example.org',
      birthYear: 1984,
      postalCode: '02139',
      languages: ['es', 'en', 'es'],
      contactPreference: 'TEXT',
    });
    expect(client).toMatchObject({ firstName: 'Rosa', lastName: 'Ortiz', phone: '555-0100', email: 'rosa@example.org', birthYear: 1984, postalCode: '02139', languages: ['es', 'en'], contactPreference: 'TEXT' });
  });

  it('a supervisor assigns a new client to a coach of the organization, who then has it in their caseload', async () => {
    const client = await aClient(beacon, await w.supervisor.token(), { alias: 'Assigned by supervisor', assignedCoachId: w.sameOrgCoach.id });
    expect(client.assignedCoach).toEqual({ id: w.sameOrgCoach.id });
    expect(await aliases(await w.sameOrgCoach.token())).toContain('Assigned by supervisor');
    expect(await aliases(await w.coach.token())).not.toContain('Assigned by supervisor');
  });

  it('a supervisor cannot assign a client to a coach of another organization, and nothing is created', async () => {
    const before = await organizationClientCount();
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: 'Elsewhere', assignedCoachId: w.otherOrgCoach.id } }, await w.supervisor.token());
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.assignedCoachId']);
    expect(await organizationClientCount()).toBe(before);
  });

  it('a supervisor cannot assign a client to a supervisor or to a deactivated coach', async () => {
    const gone = await aCoach(beacon, w.admin, w.peer.id);
    await beacon.ok(`mutation($id: ID!) { deactivateUser(id: $id) { user { id } } }`, { id: gone.id }, w.admin);
    for (const assignedCoachId of [w.supervisor.id, gone.id]) {
      const response = await beacon.gql(CREATE_CLIENT, { input: { alias: 'Nobody', assignedCoachId } }, await w.supervisor.token());
      expect(badFields(response)).toEqual(['input.assignedCoachId']);
    }
  });

  it('a coach cannot assign a new client to another coach', async () => {
    const before = await organizationClientCount();
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: 'Handed over', assignedCoachId: w.sameOrgCoach.id } }, await w.coach.token());
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.assignedCoachId']);
    expect(await organizationClientCount()).toBe(before);
  });

  it('names every bad field at once and creates nothing', async () => {
    const before = await organizationClientCount();
    const response = await beacon.gql(
      CREATE_CLIENT,
      { input: { alias: '', email: 'not-an-email', birthYear: 1850, phone: '1', postalCode: 'x', languages: ['e'] } },
      await w.coach.token(),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.alias', 'input.birthYear', 'input.email', 'input.languages', 'input.phone', 'input.postalCode']);
    expect(await organizationClientCount()).toBe(before);
  });

  it('refuses a list or text over its limit, naming each field, and creates nothing', async () => {
    const before = await organizationClientCount();
    const tooMany = Array.from({ length: 21 }, (_, i) => `l${i}`);
    const response = await beacon.gql(
      CREATE_CLIENT,
      { input: { alias: 'a'.repeat(101), firstName: 'f'.repeat(101), email: `${'e'.repeat(60)}@${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.example.org`, languages: tooMany } },
      await w.coach.token(),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    const fields = errorOf(response)?.fields;
    expect(fields).toEqual(expect.arrayContaining([
      { field: 'input.alias', message: 'must be 1 to 100 characters' },
      { field: 'input.firstName', message: 'must be at most 100 characters' },
      { field: 'input.email', message: 'must be at most 254 characters' },
      { field: 'input.languages', message: 'must list at most 20 languages' },
    ]));
    expect(await organizationClientCount()).toBe(before);
  });

  it('an alias of blanks is refused', async () => {
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: '   ' } }, await w.coach.token());
    expect(badFields(response)).toEqual(['input.alias']);
  });
});

describe('likely duplicates', () => {
  const person = { firstName: 'Maria', lastName: 'Lopez', birthYear: 1990 };

  beforeAll(async () => {
    await aClient(beacon, await w.coach.token(), { alias: 'Mari', ...person });
  });

  it('warns a coach how many there are without showing clients the coach may not see, and creates nothing', async () => {
    const before = await organizationClientCount();
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: 'M.', firstName: 'maria', lastName: 'LOPEZ', birthYear: 1990 } }, await w.sameOrgCoach.token());
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    const error = response.errors![0];
    expect(error.message).toMatch(/^1 client in your organization already has this first name, last name and birth year/);
    expect(error.message).not.toContain('Mari');
    expect(error.extensions).toMatchObject({ duplicateCount: 1, duplicates: [] });
    expect(badFields(response)).toEqual(['input.birthYear', 'input.firstName', 'input.lastName']);
    expect(await organizationClientCount()).toBe(before);
  });

  it('lists the duplicates a supervisor may see', async () => {
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: 'Maria L', ...person } }, await w.supervisor.token());
    expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', duplicateCount: 1, duplicates: [{ alias: 'Mari' }] });
    expect(response.errors![0].message).toContain('Mari');
  });

  it('creates the client anyway when the input says to go ahead', async () => {
    const client = await aClient(beacon, await w.sameOrgCoach.token(), { alias: 'Maria the second', ...person, allowDuplicate: true });
    expect(client.firstName).toBe('Maria');
    const response = await beacon.gql(CREATE_CLIENT, { input: { alias: 'Third', ...person } }, await w.supervisor.token());
    expect(errorOf(response)?.duplicateCount).toBe(2);
  });

  it('does not count clients of another organization, or a different birth year', async () => {
    const elsewhere = await aClient(beacon, await w.otherOrgCoach.token(), { alias: 'Other Maria', ...person });
    const younger = await aClient(beacon, await w.coach.token(), { alias: 'Younger Maria', ...person, birthYear: 1995 });
    expect([elsewhere.alias, younger.birthYear]).toEqual(['Other Maria', 1995]);
  });
});

describe('updating a client', () => {
  it('keeps an omitted field, clears one given as null and changes one given a value', async () => {
    const token = await w.coach.token();
    const client = await aClient(beacon, token, { alias: 'Before', firstName: 'Jo', phone: '555-0101', languages: ['en'] });
    const updated = (await beacon.ok(UPDATE_CLIENT, { input: { id: client.id, phone: null, alias: 'After', languages: null } }, token)).updateClient.client;
    expect(updated).toMatchObject({ alias: 'After', firstName: 'Jo', phone: null, languages: [] });
    const read = (await beacon.ok(CLIENT, { id: client.id }, token)).client;
    expect(read).toMatchObject({ alias: 'After', firstName: 'Jo', phone: null, languages: [] });
  });

  it('refuses to clear the alias or the contact preference, and changes nothing', async () => {
    const token = await w.coach.token();
    const client = await aClient(beacon, token, { alias: 'Kept', firstName: 'Kim' });
    const response = await beacon.gql(UPDATE_CLIENT, { input: { id: client.id, alias: null, contactPreference: null, firstName: 'Changed' } }, token);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(response)).toEqual(['input.alias', 'input.contactPreference']);
    expect((await beacon.ok(CLIENT, { id: client.id }, token)).client).toMatchObject({ alias: 'Kept', firstName: 'Kim' });
  });

  it('the same limits hold for an update, which then changes nothing', async () => {
    const token = await w.coach.token();
    const client = await aClient(beacon, token, { alias: 'Limited', languages: ['en'] });
    const tooMany = Array.from({ length: 21 }, (_, i) => `l${i}`);
    const response = await beacon.gql(UPDATE_CLIENT, { input: { id: client.id, lastName: 'l'.repeat(101), languages: tooMany, alias: 'Renamed' } }, token);
    expect(badFields(response)).toEqual(['input.languages', 'input.lastName']);
    expect((await beacon.ok(CLIENT, { id: client.id }, token)).client).toMatchObject({ alias: 'Limited', lastName: null, languages: ['en'] });
  });

  it('a bad field names its path and changes nothing', async () => {
    const token = await w.coach.token();
    const client = await aClient(beacon, token, { alias: 'Valid', email: 'ok@example.org' });
    const response = await beacon.gql(UPDATE_CLIENT, { input: { id: client.id, email: 'broken', alias: 'Renamed' } }, token);
    expect(badFields(response)).toEqual(['input.email']);
    expect((await beacon.ok(CLIENT, { id: client.id }, token)).client).toMatchObject({ alias: 'Valid', email: 'ok@example.org' });
  });

  it('a supervisor reassigns a client: the new coach sees it, the old coach no longer does', async () => {
    const client = await aClient(beacon, await w.coach.token(), { alias: 'Moving on' });
    await beacon.ok(UPDATE_CLIENT, { input: { id: client.id, assignedCoachId: w.sameOrgCoach.id } }, await w.supervisor.token());
    expect((await beacon.ok(CLIENT, { id: client.id }, await w.sameOrgCoach.token())).client.assignedCoach).toEqual({ id: w.sameOrgCoach.id });
    expect((await beacon.ok(CLIENT, { id: client.id }, await w.coach.token())).client).toBeNull();
  });

  it('a coach cannot hand a client to another coach', async () => {
    const token = await w.coach.token();
    const client = await aClient(beacon, token, { alias: 'Stays put' });
    const response = await beacon.gql(UPDATE_CLIENT, { input: { id: client.id, assignedCoachId: w.sameOrgCoach.id } }, token);
    expect(badFields(response)).toEqual(['input.assignedCoachId']);
    expect((await beacon.ok(CLIENT, { id: client.id }, token)).client.assignedCoach).toEqual({ id: w.coach.id });
  });

  it('concurrent updates of different fields both land', async () => {
    const token = await w.coach.token();
    const client = await aClient(beacon, token, { alias: 'Busy' });
    await Promise.all([
      beacon.ok(UPDATE_CLIENT, { input: { id: client.id, phone: '555-0199' } }, token),
      beacon.ok(UPDATE_CLIENT, { input: { id: client.id, email: 'busy@example.org' } }, token),
      beacon.ok(UPDATE_CLIENT, { input: { id: client.id, postalCode: '10001' } }, token),
    ]);
    expect((await beacon.ok(CLIENT, { id: client.id }, token)).client).toMatchObject({ phone: '555-0199', email: 'busy@example.org', postalCode: '10001' });
  });
});

describe('the caseload list', () => {
  let coach: Awaited<ReturnType<typeof aCoach>>;

  beforeAll(async () => {
    coach = await aCoach(beacon, w.admin, w.peer.id);
    const token = await coach.token();
    for (const [alias, firstName, lastName] of [
      ['delta', 'Dana', 'Reyes'],
      ['Alpha', 'Alex', 'Stone'],
      ['charlie', 'Chris', 'Reyes'],
      ['Bravo', 'Billie', 'Moss'],
      ['echo 100%', null, null],
    ]) {
      await aClient(beacon, token, { alias, firstName, lastName });
    }
  });

  it("a coach sees only their own clients, ordered by alias whatever the case", async () => {
    expect(await aliases(await coach.token())).toEqual(['Alpha', 'Bravo', 'charlie', 'delta', 'echo 100%']);
  });

  it("a supervisor sees the whole organization's caseload, and no other organization's", async () => {
    const all = await aliases(await w.supervisor.token());
    expect(all).toEqual(expect.arrayContaining(['Alpha', 'Bravo', 'Sunny', 'Assigned by supervisor']));
    expect(all).not.toContain('Other Maria');
    expect(await aliases(await w.otherOrgSupervisor.token())).toEqual(['Other Maria']);
  });

  it('pages by cursor without gaps or repeats, with the total count', async () => {
    const token = await coach.token();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = (await beacon.ok(CLIENTS, { first: 2, after }, token)).clients;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e: any) => e.node.alias));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Alpha', 'Bravo', 'charlie', 'delta', 'echo 100%']);
  });

  it('finds clients by alias, first name, last name or full name, ignoring case', async () => {
    const token = await coach.token();
    expect(await aliases(token, 'ALP')).toEqual(['Alpha']);
    expect(await aliases(token, 'billie')).toEqual(['Bravo']);
    expect(await aliases(token, 'reyes')).toEqual(['charlie', 'delta']);
    expect(await aliases(token, 'Chris Reyes')).toEqual(['charlie']);
    expect(await aliases(token, '100%')).toEqual(['echo 100%']);
    expect(await aliases(token, '%')).toEqual(['echo 100%']);
  });

  it('a page of five clients with their coach, consents and goals costs the same statements as a page of two', async () => {
    const token = await coach.token();
    const page = (first: number) =>
      beacon.ok(`query($first: Int) { clients(first: $first) { totalCount edges { node { id alias birthYear assignedCoach { id name } consents { id active organization { id } recordedBy { id } } goals { id status } } } } }`, { first }, token);
    const ids = (await page(5)).clients.edges.map((e: any) => e.node.id);
    for (const clientId of ids) {
      await beacon.ok(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }`, { input: { clientId, organizationId: w.otherPeer.id, scope: 'SHARE_NOTES', method: 'VERBAL' } }, token);
      await beacon.ok(`mutation($input: CreateGoalInput!) { createGoal(input: $input) { goal { id } } }`, { input: { clientId, domain: 'RECOVERY', description: 'Weekly meeting' } }, token);
    }
    expect(await beacon.countStatements(() => page(5))).toBe(await beacon.countStatements(() => page(2)));
  });

  it('refuses search text over 500 characters and a page over 100', async () => {
    const token = await coach.token();
    const long = await beacon.gql(CLIENTS, { search: 'x'.repeat(501) }, token);
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
    expect(badFields(long)).toEqual(['search']);
    const big = await beacon.gql(CLIENTS, { first: 101 }, token);
    expect(badFields(big)).toEqual(['first']);
  });
});
