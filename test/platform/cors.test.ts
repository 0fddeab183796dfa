import { startBeacon, type Beacon } from '../harness/beacon';

/** The routes browsers on other origins call with a token. */
const PATHS = ['/graphql', '/reports/outcomes.csv', '/hsds/import'];

/** A browser's preflight from `origin` before a POST with a bearer token. */
const preflight = (beacon: Beacon, path: string, origin: string) =>
  fetch(`${beacon.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

/** A GraphQL POST from a page on `origin`. */
const postFrom = (beacon: Beacon, origin: string) =>
  fetch(`${beacon.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

async function expectAllowed(beacon: Beacon, origin: string) {
  for (const path of PATHS) {
    const response = await preflight(beacon, path, origin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type,apollo-require-preflight,x-request-id');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/Origin/);
  }
}

async function expectRefused(beacon: Beacon, origin: string) {
  for (const path of PATHS) {
    const response = await preflight(beacon, path, origin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  }
  const post = await postFrom(beacon, origin);
  expect(post.headers.get('access-control-allow-origin')).toBeNull();
  expect(post.headers.get('vary')).toMatch(/Origin/);
}

describe('outside production with CORS_ORIGINS unset', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon();
  });
  afterAll(() => beacon.stop());

  it('allows pages served from this machine, on any port, over http or https', async () => {
    for (const origin of ['http://localhost:5173', 'https://localhost', 'http://127.0.0.1:3000', 'http://[::1]:8080']) await expectAllowed(beacon, origin);
  });

  it('refuses every other origin, look-alikes of localhost included', async () => {
    for (const origin of ['https://app.example.org', 'http://localhost.example.org', 'http://localhost:3000.example.org', 'http://127.0.0.1.example.org', 'null']) {
      await expectRefused(beacon, origin);
    }
  });

  it('names the allowed origin on the answer to a POST, and lets the page read the request id and Retry-After', async () => {
    const response = await postFrom(beacon, 'http://localhost:5173');
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/^x-request-id,x-correlation-id,Retry-After$/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('with CORS_ORIGINS listing origins', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon({ CORS_ORIGINS: 'https://app.example.org, https://admin.example.org' });
  });
  afterAll(() => beacon.stop());

  it('allows exactly those origins', async () => {
    for (const origin of ['https://app.example.org', 'https://admin.example.org']) await expectAllowed(beacon, origin);
    expect((await postFrom(beacon, 'https://app.example.org')).headers.get('access-control-allow-origin')).toBe('https://app.example.org');
  });

  it('refuses the rest: another scheme, port or host, and localhost', async () => {
    for (const origin of ['http://app.example.org', 'https://app.example.org:8443', 'https://app.example.org.example.net', 'http://localhost:5173']) {
      await expectRefused(beacon, origin);
    }
  });
});

it('in production with CORS_ORIGINS unset, allows no origin', async () => {
  const beacon = await startBeacon({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-long-enough-for-hs256' });
  try {
    for (const origin of ['http://localhost:5173', 'https://app.example.org']) await expectRefused(beacon, origin);
  } finally {
    await beacon.stop();
  }
});

describe('the public HSDS API', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon({ CORS_ORIGINS: 'https://app.example.org' });
  });
  afterAll(() => beacon.stop());

  it('any page may read it (no credentials travel), while its import keeps to the configured origins', async () => {
    const origin = 'https://211.example.net';
    const read = await fetch(`${beacon.url}/hsds/services`, { headers: { origin } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    const asked = await fetch(`${beacon.url}/hsds/services`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
    expect(asked.status).toBe(204);
    expect(asked.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    expect(asked.headers.get('access-control-allow-credentials')).toBeNull();
    const importing = await preflight(beacon, '/hsds/import', origin);
    expect(importing.headers.get('access-control-allow-origin')).toBeNull();
    await expectAllowed(beacon, 'https://app.example.org');
  });
});
