import { getIntrospectionQuery } from 'graphql';
import { startBeacon, type Beacon } from '../harness/beacon';
import { codes, errorOf } from '../harness/errors';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-long-enough-for-hs256' };

/** What GraphiQL and other tools send: every option graphql-js knows, the deepest form of the query. */
const FULL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});
const SCHEMA = `{ __schema { queryType { name } } }`;
const TYPE = `{ __type(name: "Query") { name } }`;
/** A misspelt field: graphql-js would answer "Did you mean "service"?". */
const MISSPELT = `{ servic(id: "00000000-0000-4000-8000-000000000000") { id } }`;
/** A misspelt enum value in a variable: graphql-js would suggest the real ones. */
const MISSPELT_ENUM = [`query($kinds: [OrganizationKind!]) { organizations(kinds: $kinds, first: 1) { totalCount } }`, { kinds: ['PROVIDR'] }] as const;

const nested = (levels: number) => {
  let selection = 'id';
  for (let i = 0; i < levels; i++) selection = `supervisor { ${selection} }`;
  return selection;
};

const firstError = (response: { errors?: { message: string; extensions: Record<string, any> }[] }) => response.errors?.[0];

describe('in production', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon(PRODUCTION);
  });
  afterAll(() => beacon.stop());

  it('refuses __schema and __type, the standard query included, but answers __typename', async () => {
    for (const query of [SCHEMA, TYPE, FULL_INTROSPECTION]) {
      const response = await beacon.gql(query);
      expect(response.data).toBeUndefined();
      expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(firstError(response)?.message).toMatch(/introspection is not allowed/);
    }
    expect(await beacon.ok(`{ __typename }`)).toEqual({ __typename: 'Query' });
  });

  it('suggests no field or enum value in an error', async () => {
    const misspelt = await beacon.gql(MISSPELT);
    expect(codes(misspelt)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const field = firstError(misspelt);
    expect(field?.message).toBe('Cannot query field "servic" on type "Query".');
    const value = firstError(await beacon.gql(...MISSPELT_ENUM));
    expect(value?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'kinds.0' }] });
    expect(JSON.stringify(value)).not.toMatch(/Did you mean|PROVIDER/);
  });

  it('with GRAPHQL_INTROSPECTION=true, answers the full introspection query', async () => {
    const open = await startBeacon({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true' });
    try {
      const response = await open.gql(FULL_INTROSPECTION);
      expect(response.errors).toBeUndefined();
      expect(response.data.__schema.types.map((t: { name: string }) => t.name)).toContain('Referral');
      expect(firstError(await open.gql(MISSPELT))?.message).toMatch(/Did you mean "service"\?/);
    } finally {
      await open.stop();
    }
  });
});

it('GRAPHQL_INTROSPECTION=false turns it off outside production too, suggestions included', async () => {
  const closed = await startBeacon({ GRAPHQL_INTROSPECTION: 'false' });
  try {
    for (const query of [SCHEMA, TYPE]) expect(firstError(await closed.gql(query))?.message).toMatch(/introspection is not allowed/);
    expect(firstError(await closed.gql(MISSPELT))?.message).toBe('Cannot query field "servic" on type "Query".');
  } finally {
    await closed.stop();
  }
});

describe('outside production', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    // The smallest cost budget there is: the introspection query must pass even so.
    beacon = await startBeacon({ QUERY_MAX_COST: '100' });
  });
  afterAll(() => beacon.stop());

  it('answers the standard introspection query, as graphql-js and GraphiQL send it, past the depth and cost limits', async () => {
    for (const query of [getIntrospectionQuery(), FULL_INTROSPECTION]) {
      const response = await beacon.gql(query);
      expect(response.errors).toBeUndefined();
      expect(response.data.__schema.queryType).toMatchObject({ name: 'Query' });
    }
  });

  it('suggests what the caller may have meant', async () => {
    expect(firstError(await beacon.gql(MISSPELT))?.message).toMatch(/Did you mean "service"\?/);
  });

  it('still refuses a deep ordinary query, beside introspection or under its name', async () => {
    const admin = await beacon.adminToken();
    const beside = await beacon.gql(`{ __schema { queryType { name } } viewer { ${nested(13)} } }`, {}, admin);
    expect(errorOf(beside)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 12 });
    const aliased = await beacon.gql(`{ __schema: viewer { ${nested(13)} } }`, {}, admin);
    expect(errorOf(aliased)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxDepth: 12 });
    expect(beside.data).toBeUndefined();
    expect(aliased.data).toBeUndefined();
  });

  it('still refuses a costly ordinary query beside introspection', async () => {
    const response = await beacon.gql(`{ __schema { queryType { name } } organizations(first: 100) { edges { node { id name } } } }`);
    expect(errorOf(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 100 });
  });

  it("refuses introspection that fans out over the schema's own cycles", async () => {
    const response = await beacon.gql(`{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`);
    expect(response.data).toBeUndefined();
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
