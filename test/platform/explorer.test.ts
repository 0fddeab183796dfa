import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { buildSchema, parse, validate } from 'graphql';
import { SCHEMA_FILE } from '../../src/schema';
import { startBeacon, type Beacon } from '../harness/beacon';

/** What a browser sends when a person opens a URL. */
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8' };
const GET_QUERY = `/graphql?${new URLSearchParams({ query: '{ __typename }' })}`;

const open = (beacon: Beacon, path: string, headers: Record<string, string> = BROWSER) => fetch(`${beacon.url}${path}`, { headers });

/** The page's <script src> and <link href> addresses. */
function assetsOf(html: string): { scripts: string[]; styles: string[] } {
  return {
    scripts: [...html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]),
    styles: [...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]),
  };
}

describe('with the explorer on (the default outside production)', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon();
  });
  afterAll(() => beacon.stop());

  it('a browser opening /graphql or /explorer gets the page under a policy that allows only Beacon itself', async () => {
    for (const path of ['/graphql', '/explorer']) {
      const response = await open(beacon, path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const policy = response.headers.get('content-security-policy')!;
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).not.toMatch(/unsafe|https?:|\*/);
      const html = await response.text();
      expect(html).toContain('<div id="graphiql">');
      // Nothing inline, which the policy would block.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/);
    }
  });

  it('serves every script and stylesheet the page names from Beacon, with its type, naming no other host', async () => {
    const html = await (await open(beacon, '/explorer')).text();
    const { scripts, styles } = assetsOf(html);
    expect(scripts).toHaveLength(4);
    expect(styles).toHaveLength(2);
    const bodies: string[] = [];
    for (const [addresses, type] of [[scripts, /^text\/javascript/], [styles, /^text\/css/]] as const) {
      for (const address of addresses) {
        const url = new URL(address, `${beacon.url}/explorer`);
        expect(url.origin).toBe(beacon.url);
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(type);
        bodies.push(await response.text());
      }
    }
    // React, ReactDOM and GraphiQL themselves, then the page's own script.
    expect(bodies[0]).toContain('react.production.min.js');
    expect(bodies[1]).toContain('react-dom.production.min.js');
    expect(bodies[2]).toContain('window.GraphiQL');
    expect(bodies[3]).toContain('GraphiQL.createFetcher');
    expect(bodies[4]).toContain('.graphiql-container');
  });

  it("the page's script prefills the sign-in header and a query showing how to sign in, and sends the header only once filled in", async () => {
    const script = await (await open(beacon, '/explorer/assets/explorer.js')).text();
    let props: Record<string, any> = {};
    const sent: Record<string, string>[] = [];
    const GraphiQL = Object.assign(() => null, {
      createFetcher: () => async (_params: unknown, options: { headers: Record<string, string> }) => sent.push(options.headers),
    });
    vm.runInNewContext(script, {
      GraphiQL,
      React: { createElement: (_component: unknown, given: Record<string, any>) => (props = given) },
      ReactDOM: { createRoot: () => ({ render: () => undefined }) },
      document: { getElementById: () => ({}) },
    });
    expect(JSON.parse(props.defaultHeaders)).toEqual({ authorization: 'Bearer <token>' });
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const query = parse(props.defaultQuery);
    expect(validate(schema, query)).toEqual([]);
    expect(props.defaultQuery).toMatch(/mutation Login[\s\S]*login\(email:/);
    await props.fetcher({ query: '{ __typename }' }, { headers: { authorization: 'Bearer <token>' } });
    await props.fetcher({ query: '{ __typename }' }, { headers: { authorization: 'Bearer a.real.token' } });
    expect(sent).toEqual([{}, { authorization: 'Bearer a.real.token' }]);
  });

  it('serves nothing else under /explorer/assets', async () => {
    for (const path of ['/explorer/assets/package.json', '/explorer/assets/graphiql.min.js.map', '/explorer/assets/..%2F..%2Fpackage.json', '/explorer/assets/__proto__']) {
      expect((await open(beacon, path)).status).toBe(404);
    }
  });

  it('still runs a GET query, from a browser too, and gives a JSON client no page', async () => {
    for (const accept of [BROWSER.accept, 'application/json']) {
      const response = await open(beacon, GET_QUERY, { accept, 'apollo-require-preflight': 'true' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    }
    const json = await open(beacon, '/graphql', { accept: 'application/json', 'apollo-require-preflight': 'true' });
    expect(json.status).toBe(400);
    expect(json.headers.get('content-type')).not.toMatch(/html/);
  });
});

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-long-enough-for-hs256' };

describe.each([
  ['EXPLORER=false', { EXPLORER: 'false' }],
  ['in production, by default', PRODUCTION],
])('with the explorer off: %s', (_, env) => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon(env);
  });
  afterAll(() => beacon.stop());

  it("serves no page: a browser at /graphql gets Apollo's answer to a GET without a query, /explorer is not found", async () => {
    const graphql = await open(beacon, '/graphql');
    expect(graphql.status).toBe(400);
    expect(graphql.headers.get('content-type')).not.toMatch(/html/);
    expect(await graphql.text()).not.toMatch(/<html|apollographql\.com/i);
    for (const path of ['/explorer', '/explorer/assets/graphiql.min.js', '/explorer/assets/explorer.js']) {
      expect((await open(beacon, path)).status).toBe(404);
    }
  });

  it('still runs a GET query', async () => {
    const response = await open(beacon, GET_QUERY, { ...BROWSER, 'apollo-require-preflight': 'true' });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('in production with EXPLORER=true', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon({ ...PRODUCTION, EXPLORER: 'true' });
  });
  afterAll(() => beacon.stop());

  it('a browser at /explorer gets the page and its assets', async () => {
    const page = await open(beacon, '/explorer');
    expect(page.status).toBe(200);
    const { scripts } = assetsOf(await page.text());
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect((await open(beacon, src)).status).toBe(200);
  });
});
