import { createHash } from 'node:crypto';
import { parse, print, stripIgnoredCharacters } from 'graphql';
import { buildManifest, loadManifest, readDefinitions } from '../../src/trusted-documents/manifest';
import { codes, errorOf } from '../harness/errors';
import { startBeacon, type Beacon, type GraphQLResponse } from '../harness/beacon';

const DEFINITIONS = readDefinitions();
const operation = (name: string) => DEFINITIONS.find((d) => d.name === name && d.kind === 'operation')!;
const VIEWER = operation('Viewer');
const SEARCH = operation('SearchServices');
const LOGIN = operation('Login');
const AD_HOC = `{ viewer { id email } }`;
const SEARCH_VARIABLES = { filter: { text: 'recovery' }, first: 1 };
/** A hash no document has. */
const UNKNOWN = 'f'.repeat(64);

interface Answer extends GraphQLResponse {
  status: number;
}

/** POSTs a raw GraphQL request body, signed in with `token` when given. */
async function post(beacon: Beacon, body: Record<string, unknown>, token?: string): Promise<Answer> {
  const response = await fetch(`${beacon.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as GraphQLResponse) };
}

/** GETs /graphql with `params` in the query string. */
async function get(beacon: Beacon, params: Record<string, string>, token?: string): Promise<Answer> {
  const response = await fetch(`${beacon.url}/graphql?${new URLSearchParams(params)}`, {
    headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: response.status, ...((await response.json()) as GraphQLResponse) };
}

const byHash = (hash: string, variables: Record<string, unknown> = {}) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables });

it('the manifest the build wrote holds every contract operation, by the sha256 of its canonical document', () => {
  const manifest = loadManifest();
  expect(Object.fromEntries(manifest)).toEqual(buildManifest());
  expect(manifest.get(SEARCH.hash)).toBe(SEARCH.document);
  expect(createHash('sha256').update(SEARCH.document).digest('hex')).toBe(SEARCH.hash);
  // An operation's document is it and the fragments it uses, nothing else of its file.
  expect(SEARCH.document).toMatch(/^query SearchServices\(/);
  expect(SEARCH.document).toContain('fragment ServiceCard on Service');
  expect(SEARCH.document).not.toContain('ReferralSummary');
  expect(readDefinitions().filter((d) => d.kind === 'operation')).toHaveLength(manifest.size);
});

describe('with TRUSTED_DOCUMENTS=true', () => {
  let beacon: Beacon;
  let admin: string;
  beforeAll(async () => {
    beacon = await startBeacon({ TRUSTED_DOCUMENTS: 'true' });
    admin = await beacon.adminToken(); // an ad-hoc login, from an anonymous caller
  });
  afterAll(() => beacon.stop());

  it('runs a contract document sent by its hash, as Apollo persisted queries or as documentId', async () => {
    for (const body of [byHash(VIEWER.hash), { documentId: VIEWER.hash }, { documentId: `sha256:${VIEWER.hash}` }]) {
      const answer = await post(beacon, body, admin);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.viewer.email).toBe('admin@test.beacon');
    }
    const search = await post(beacon, byHash(SEARCH.hash, SEARCH_VARIABLES), admin);
    expect(search.errors).toBeUndefined();
    expect(search.data.searchServices.totalCount).toEqual(expect.any(Number));
  });

  it('runs a contract document sent in full, in any layout, with comments, fragments in any order', async () => {
    const reordered = print({ ...parse(SEARCH.document), definitions: [...parse(SEARCH.document).definitions].reverse() });
    for (const query of [SEARCH.document, stripIgnoredCharacters(SEARCH.document), `# the coach app\n${reordered}`]) {
      const answer = await post(beacon, { query, variables: SEARCH_VARIABLES }, admin);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.searchServices.totalCount).toEqual(expect.any(Number));
    }
  });

  it('refuses a signed-in caller an ad-hoc document, or a contract one with a field more', async () => {
    const extended = VIEWER.document.replace('email', 'email active');
    for (const query of [AD_HOC, extended]) {
      const answer = await post(beacon, { query }, admin);
      expect(answer.status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(codes(answer)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      expect(errorOf(answer)?.requestId).toEqual(expect.any(String));
    }
    expect(codes(await get(beacon, { query: AD_HOC }, admin))).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
  });

  it('refuses a huge or malformed signed-in document with its own code, before GraphQL parses it', async () => {
    const huge = '{ viewer { '.repeat(80_000); // 880,000 characters, never closed
    const long = `query { ${'viewer { id } '.repeat(500)} }`; // short enough to be read, too many tokens to be trusted
    for (const query of [huge, long, '{ viewer { ']) {
      const answer = await post(beacon, { query }, admin);
      expect(answer.status).toBe(400);
      expect(codes(answer)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    }
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, and registers nothing when the text comes with it', async () => {
    expect(codes(await post(beacon, byHash(UNKNOWN), admin))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(codes(await post(beacon, { documentId: UNKNOWN }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    // An anonymous caller's text runs, and its hash is still unknown afterwards.
    const search = `{ searchServices(filter: { text: "recovery" }, first: 1) { totalCount } }`;
    const hash = createHash('sha256').update(search).digest('hex');
    const sent = await post(beacon, { query: search, ...byHash(hash) });
    expect(sent.errors).toBeUndefined();
    expect(codes(await post(beacon, byHash(hash)))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    // A signed-in caller's unknown hash beside an ad-hoc text is refused like the text alone.
    expect(codes(await post(beacon, { query: AD_HOC, ...byHash(UNKNOWN) }, admin))).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
  });

  it('lets anonymous callers search with their own documents and sign in, by text or by hash', async () => {
    const search = await beacon.gql(`{ searchServices(filter: { text: "housing" }, first: 2) { totalCount edges { node { name } } } }`);
    expect(search.errors).toBeUndefined();
    const variables = { email: 'admin@test.beacon', password: 'admin-password-123' };
    const signedIn = await post(beacon, byHash(LOGIN.hash, variables));
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data.login.user.role).toBe('ADMIN');
    expect(await beacon.login(variables.email, variables.password)).toEqual(expect.any(String));
  });

  it('runs a query by hash over GET', async () => {
    const answer = await get(beacon, { extensions: JSON.stringify(byHash(VIEWER.hash).extensions) }, admin);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.viewer.email).toBe('admin@test.beacon');
    expect((await get(beacon, { documentId: VIEWER.hash }, admin)).data.viewer.email).toBe('admin@test.beacon');
  });
});

describe('with TRUSTED_DOCUMENTS off (the default)', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon();
  });
  afterAll(() => beacon.stop());

  it('runs a signed-in caller ad-hoc document, and contract documents by hash', async () => {
    const admin = await beacon.adminToken();
    expect((await beacon.ok(AD_HOC, {}, admin)).viewer.email).toBe('admin@test.beacon');
    expect((await post(beacon, byHash(VIEWER.hash), admin)).data.viewer.email).toBe('admin@test.beacon');
  });

  it('lets no caller register a document under a hash', async () => {
    const hash = createHash('sha256').update(AD_HOC).digest('hex');
    const admin = await beacon.adminToken();
    expect((await post(beacon, { query: AD_HOC, ...byHash(hash) }, admin)).data.viewer.email).toBe('admin@test.beacon');
    expect(codes(await post(beacon, byHash(hash), admin))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});
