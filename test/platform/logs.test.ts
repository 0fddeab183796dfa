import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { CREATE_CLIENT, aCoach, aPeerOrganization } from '../harness/builders';
import { codes, errorOf } from '../harness/errors';

/** A person whose every detail is distinctive enough to find anywhere in the log. */
const PERSON = {
  alias: 'MB',
  firstName: 'Marguerite',
  lastName: 'Okonkwo-Bellweather',
  phone: '555-867-5309',
  email: 'marguerite.okonkwo@example.org',
  birthYear: 1971,
};
const TRACES = ['Marguerite', 'Okonkwo', '867-5309', 'marguerite.okonkwo'];

const clientCount = async (beacon: Beacon, token: string) => (await beacon.ok(`{ clients(first: 1) { totalCount } }`, {}, token)).clients.totalCount;

async function aCoachToken(beacon: Beacon): Promise<string> {
  const admin = await beacon.adminToken();
  const organization = await aPeerOrganization(beacon, admin);
  return (await aCoach(beacon, admin, organization.id)).token();
}

/** Every trace of the person anywhere in the log lines, as [trace, line] pairs. */
const tracesIn = (logs: Record<string, unknown>[]) => TRACES.flatMap((trace) => logs.filter((line) => JSON.stringify(line).includes(trace)).map((line) => [trace, line]));

describe("a client's details never reach the log", () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon();
  });
  afterAll(() => beacon.stop());

  it("the first admin's creation is logged without their email address", async () => {
    expect(beacon.logs.some((line) => line.msg === 'created the first admin from ADMIN_EMAIL')).toBe(true);
    expect(beacon.logs.filter((line) => JSON.stringify(line).includes(ADMIN.email))).toEqual([]);
  });

  it('a NUL in the alias is bad input naming it, writes nothing and logs nothing of the person', async () => {
    const coach = await aCoachToken(beacon);
    const before = await clientCount(beacon, coach);
    const response = await beacon.gql(CREATE_CLIENT, { input: { ...PERSON, alias: 'M\u0000B' } }, coach);
    expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.alias', message: 'must not contain a NUL character' }] });
    expect(response.data).toBeUndefined();
    expect(await clientCount(beacon, coach)).toBe(before);
    expect(tracesIn(beacon.logs)).toEqual([]);
  });

  it("a request line holds the method and path, never the query string's variables", async () => {
    const variables = encodeURIComponent(JSON.stringify({ email: PERSON.email }));
    const query = encodeURIComponent('query($email: String!) { __type(name: $email) { name } }');
    const response = await fetch(`${beacon.url}/graphql?query=${query}&variables=${variables}`, { headers: { 'apollo-require-preflight': 'true' } });
    const requestId = response.headers.get('x-request-id');
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = beacon.logs.find((l) => l.requestId === requestId && l.req);
    expect(line?.req).toEqual({ id: requestId, method: 'GET', path: '/graphql' });
    expect(line?.res).toEqual({ statusCode: 200 });
    expect(tracesIn(beacon.logs)).toEqual([]);
  });
});

describe('a failed statement is logged with its SQL and code, never its values', () => {
  let beacon: Beacon;
  let coach: string;
  beforeAll(async () => {
    beacon = await startBeacon();
    coach = await aCoachToken(beacon);
  });
  afterAll(() => beacon.stop());

  const internalErrors = () => beacon.logs.filter((line) => line.msg === 'internal error');

  it('a constraint the row breaks: no bound value, no failing row (detail)', async () => {
    // A rule the validation knows nothing of, so the insert reaches PostgreSQL with the person's details bound.
    await beacon.dataSource.query(`ALTER TABLE client ADD CONSTRAINT client_test_refuses CHECK (first_name IS DISTINCT FROM 'Marguerite')`);
    try {
      const response = await beacon.gql(CREATE_CLIENT, { input: PERSON }, coach);
      expect(errorOf(response)).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) });
      const logged = internalErrors().find((line) => line.requestId === errorOf(response)?.requestId);
      expect(logged?.err).toMatchObject({ type: 'QueryFailedError', code: '23514', constraint: 'client_test_refuses', table: 'client' });
      expect(logged?.err.query).toMatch(/^INSERT INTO "client"/);
      expect(logged?.err.message).toContain('violates check constraint "client_test_refuses"');
      expect(logged?.err).not.toHaveProperty('parameters');
      expect(logged?.err).not.toHaveProperty('detail');
      expect(logged?.err).not.toHaveProperty('driverError');
      expect(tracesIn(beacon.logs)).toEqual([]);
    } finally {
      await beacon.dataSource.query(`ALTER TABLE client DROP CONSTRAINT client_test_refuses`);
    }
  });

  it('a message that quotes the value itself (invalid input syntax … "555-867-5309") is left out, with the where and the stack line', async () => {
    await beacon.dataSource.query(`ALTER TABLE client ALTER COLUMN phone TYPE integer USING NULL`);
    try {
      const response = await beacon.gql(CREATE_CLIENT, { input: { ...PERSON, firstName: 'Margo' } }, coach);
      expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
      const logged = internalErrors().find((line) => line.requestId === errorOf(response)?.requestId);
      expect(logged?.err).toMatchObject({ type: 'QueryFailedError', code: '22P02' });
      expect(logged?.err.query).toMatch(/^INSERT INTO "client"/);
      expect(logged?.err).not.toHaveProperty('message');
      expect(logged?.err).not.toHaveProperty('where');
      expect(logged?.err.stack).toMatch(/^\s+at /);
      expect(tracesIn(beacon.logs)).toEqual([]);
    } finally {
      await beacon.dataSource.query(`ALTER TABLE client ALTER COLUMN phone TYPE text`);
    }
  });
});
