import { startBeacon, type Beacon } from '../harness/beacon';
import { badFields, codes, errorOf } from '../harness/errors';

let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon();
});
afterAll(() => beacon.stop());

const nested = (levels: number) => {
  let selection = 'id';
  for (let i = 0; i < levels; i++) selection = `supervisor { ${selection} }`;
  return `{ viewer { ${selection} } }`;
};

describe('requests the server refuses before running them', () => {
  it('refuses a query deeper than 12 levels', async () => {
    const response = await beacon.gql(nested(13), {}, await beacon.adminToken());
    expect(errorOf(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 12 });
    expect(response.data).toBeUndefined();
  });

  it('runs a query of 12 levels', async () => {
    const response = await beacon.gql(nested(10), {}, await beacon.adminToken());
    expect(response.errors).toBeUndefined();
  });

  it('refuses hundreds of aliased searches in one request, and runs none of them', async () => {
    const fields = Array.from({ length: 300 }, (_, i) => `s${i}: organizations(search: "harbor", first: 1) { totalCount }`).join('\n');
    const statements = await beacon.countStatements(async () => {
      const response = await beacon.gql(`{ ${fields} }`);
      expect(errorOf(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxRootFields: 10 });
    });
    expect(statements).toBe(0);
  });

  it('refuses a query whose estimated cost is over the budget', async () => {
    const cheap = await startBeacon({ QUERY_MAX_COST: '150' });
    try {
      const query = `{ organizations(first: 100) { edges { node { id name createdAt } } } }`;
      const response = await cheap.gql(query);
      expect(errorOf(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 150 });
      expect(errorOf(response)?.cost).toBeGreaterThan(150);
      const small = await cheap.gql(`{ organizations(first: 10) { edges { node { id name createdAt } } } }`);
      expect(small.errors).toBeUndefined();
    } finally {
      await cheap.stop();
    }
  });
});

describe('errors a client can act on', () => {
  it('names every bad field of an input, and changes nothing', async () => {
    const admin = await beacon.adminToken();
    const count = async () => (await beacon.ok(`{ users(first: 1) { totalCount } }`, {}, admin)).users.totalCount;
    const before = await count();
    const response = await beacon.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
      { input: { email: 'not-an-email', name: 'Short Password', password: 'short', role: 'ADMIN' } },
      admin,
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    const fields = badFields(response);
    expect(fields).toEqual(['input.email', 'input.password']);
    expect(await count()).toBe(before);
  });

  it('names the path of a variable of the wrong type', async () => {
    const response = await beacon.gql(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`,
      { input: { name: 'X', description: 'Y', kinds: ['NOT_A_KIND'] } },
      await beacon.adminToken(),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields[0].field).toBe('input.kinds.0');
  });

  it('answers a malformed id as bad input naming the argument', async () => {
    const response = await fetch(`${beacon.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ a: organization(id: "not-a-uuid") { id } b: organizations(first: 1) { totalCount } }` }),
    });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(body.data).toBeUndefined();
    expect(errorOf(body)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'must be an id' }] });
  });

  it('caps page sizes at 100 and rejects cursors it did not make', async () => {
    const tooMany = await beacon.gql(`{ organizations(first: 101) { totalCount } }`);
    expect(errorOf(tooMany)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    const badCursor = await beacon.gql(`{ organizations(after: "bm90IGEgY3Vyc29y") { totalCount } }`);
    expect(errorOf(badCursor)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });

  it('answers malformed JSON with a JSON error and no stack trace', async () => {
    const response = await fetch(`${beacon.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(errorOf(body)).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED and a request id', async () => {
    const response = await beacon.gql(`{ viewer { id `);
    expect(errorOf(response)).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', requestId: expect.any(String) });
  });
});

describe('an internal error', () => {
  it('reaches the client masked with a request id, and the log whole', async () => {
    const broken = await startBeacon();
    try {
      const token = await broken.adminToken();
      // Simulate a fault the code cannot expect: a table the server relies on goes missing.
      await broken.dataSource.query('ALTER TABLE certification RENAME TO certification_gone');
      const response = await fetch(`${broken.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'trace-me-123' },
        body: JSON.stringify({ query: '{ viewer { id certifications { name } } }' }),
      });
      const body: any = await response.json();
      // The server's own request id, whatever the caller sent (that one is only a correlation id).
      const requestId = response.headers.get('x-request-id');
      expect(requestId).not.toBe('trace-me-123');
      expect(body.errors[0]).toEqual({
        message: 'Internal server error',
        path: ['viewer', 'certifications'],
        locations: expect.any(Array),
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      });
      expect(JSON.stringify(body)).not.toContain('certification_gone');
      expect(JSON.stringify(body)).not.toContain('does not exist');
      const logged = broken.logs.find((line) => line.msg === 'internal error');
      expect(logged).toMatchObject({ requestId, level: 50 });
      expect(logged?.err.message).toContain('relation "certification" does not exist');
      expect(logged?.err.stack).toEqual(expect.any(String));
      expect(JSON.stringify(broken.logs)).not.toContain(token);
    } finally {
      await broken.stop();
    }
  });
});

describe('health endpoints', () => {
  it('says the process is up and the database ready', async () => {
    expect((await fetch(`${beacon.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${beacon.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
