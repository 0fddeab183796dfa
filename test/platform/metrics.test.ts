import { channel } from 'node:diagnostics_channel';
import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { freePort } from '../harness/process';
import { MAX_OPERATION_NAMES } from '../../src/observability/graphql-metrics';

const TOKEN = 'metrics-token-for-the-tests';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format: `# HELP`/`# TYPE` lines and `name{label="value",…} number` samples; any other line fails the test. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* /.test(line)) continue;
    // Values as Go's ParseFloat reads them (prom-client writes NaN as "Nan").
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([+-]?(?:[0-9.]+(?:e[+-]?[0-9]+)?|inf)|nan)$/i.exec(line);
    if (!match) throw new Error(`not Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) => {
  const found = find(samples, name, labels);
  if (found.length !== 1) throw new Error(`expected one ${name} ${JSON.stringify(labels)}, found ${found.length}`);
  return found[0].value;
};

async function scrape(url: string, token = TOKEN): Promise<Sample[]> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

describe('/metrics on the main port, with METRICS_TOKEN', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => beacon.stop());

  it('is refused without the token, with another token, or with another scheme', async () => {
    for (const authorization of [undefined, 'Bearer not-the-metrics-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const response = await fetch(`${beacon.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await response.json()) as { errors: { extensions: Record<string, string> }[] };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.errors[0].extensions.requestId).toBe(response.headers.get('x-request-id'));
    }
  });

  it('times a named operation, its HTTP request by route, and the pool', async () => {
    await beacon.ok('query BeaconProbe { organizations { totalCount } }');
    const report = await fetch(`${beacon.url}/reports/outcomes.csv?from=2024-01-01&organizationIds=123`);
    await fetch(`${beacon.url}/no/such/page/123?x=1`);
    const samples = await scrape(`${beacon.url}/metrics`);

    const buckets = find(samples, 'beacon_graphql_operation_duration_seconds_bucket', { operation: 'BeaconProbe', type: 'query' });
    expect(buckets.length).toBeGreaterThan(5);
    expect(value(samples, 'beacon_graphql_operation_duration_seconds_bucket', { operation: 'BeaconProbe', le: '+Inf' })).toBe(1);
    expect(value(samples, 'beacon_graphql_operation_duration_seconds_count', { operation: 'BeaconProbe' })).toBe(1);

    expect(value(samples, 'beacon_http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'beacon_http_request_duration_seconds_count', { route: '/reports/outcomes.csv', method: 'GET', status: String(report.status) })).toBe(1);
    expect(value(samples, 'beacon_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    const routes = new Set(find(samples, 'beacon_http_request_duration_seconds_count').map((s) => s.labels.route));
    // The route pattern, never the URL: no ids, no query strings.
    for (const route of routes) expect(['/graphql', '/reports/outcomes.csv', '/metrics', 'unmatched']).toContain(route);

    expect(value(samples, 'beacon_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'beacon_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'beacon_db_pool_waiting')).toBe(0);
    expect(find(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(find(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
  });

  it('counts errors by code, and names only operations that parsed and validated', async () => {
    const before = await scrape(`${beacon.url}/metrics`);
    const count = (samples: Sample[], code: string) => find(samples, 'beacon_graphql_errors_total', { code })[0]?.value ?? 0;

    expect((await beacon.gql('query NotValid { noSuchField }')).errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await beacon.gql('query NotParsed {')).errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await beacon.gql('mutation WrongPassword { login(email: "nobody@test.beacon", password: "wrong-password-1") { token } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

    const after = await scrape(`${beacon.url}/metrics`);
    expect(count(after, 'GRAPHQL_VALIDATION_FAILED') - count(before, 'GRAPHQL_VALIDATION_FAILED')).toBe(1);
    expect(count(after, 'GRAPHQL_PARSE_FAILED') - count(before, 'GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(count(after, 'UNAUTHENTICATED') - count(before, 'UNAUTHENTICATED')).toBe(1);
    const operations = new Set(find(after, 'beacon_graphql_operation_duration_seconds_count').map((s) => s.labels.operation));
    expect(operations.has('WrongPassword')).toBe(true);
    expect(operations.has('NotValid')).toBe(false);
    expect(operations.has('NotParsed')).toBe(false);
  });

  it('counts anonymous operations as "anonymous", overlong names and names past the cap as "other"', async () => {
    await beacon.ok('{ __typename }');
    await beacon.ok(`query ${'A'.repeat(65)} { __typename }`);
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) await beacon.ok(`query Many${i} { __typename }`);
    const samples = await scrape(`${beacon.url}/metrics`);
    const operations = find(samples, 'beacon_graphql_operation_duration_seconds_count').map((s) => s.labels.operation);
    expect(operations).toContain('anonymous');
    expect(operations).not.toContain('A'.repeat(65));
    // BeaconProbe and WrongPassword came first; the names after the cap count as "other".
    expect(operations.filter((o) => o !== 'anonymous' && o !== 'other')).toHaveLength(MAX_OPERATION_NAMES);
    expect(operations).not.toContain(`Many${MAX_OPERATION_NAMES - 1}`);
    expect(value(samples, 'beacon_graphql_operation_duration_seconds_count', { operation: 'other' })).toBe(3);
  });
});

describe('rate-limit refusals', () => {
  let beacon: Beacon;
  beforeAll(async () => {
    beacon = await startBeacon({ METRICS_TOKEN: TOKEN, RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3', SIGNIN_ATTEMPTS_PER_MINUTE: '1' });
  });
  afterAll(() => beacon.stop());

  it('are counted by kind, and a scrape is outside the limits', async () => {
    const login = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
    await beacon.gql(login, { e: ADMIN.email, p: ADMIN.password });
    expect((await beacon.gql(login, { e: ADMIN.email, p: ADMIN.password })).errors?.[0].extensions.code).toBe('RATE_LIMITED');
    await beacon.gql('{ __typename }');
    const refused = await fetch(`${beacon.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(429);

    const samples = await scrape(`${beacon.url}/metrics`);
    expect(value(samples, 'beacon_rate_limit_refusals_total', { kind: 'signin_attempts' })).toBe(1);
    expect(value(samples, 'beacon_rate_limit_refusals_total', { kind: 'anonymous_requests' })).toBe(1);
    expect(value(samples, 'beacon_graphql_errors_total', { code: 'RATE_LIMITED' })).toBe(1);
    expect(value(samples, 'beacon_http_request_duration_seconds_count', { route: '/graphql', status: '429' })).toBe(1);
  });
});

describe('/metrics off, or on METRICS_PORT', () => {
  it('is not served at all when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    const beacon = await startBeacon();
    try {
      expect((await fetch(`${beacon.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${beacon.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await beacon.stop();
    }
  });

  it('collects nothing when neither is set, and leaves the router untraced', async () => {
    const beacon = await startBeacon();
    try {
      await beacon.ok('query Unmeasured { __typename }');
      expect(await fetch(`${beacon.url}/no/such/page`)).toHaveProperty('status', 404);
      expect(beacon.metrics).toBeNull();
      // Even after the Beacons with metrics above: a subscriber here would send every middleware call of every request through the router's tracing path.
      expect(channel('tracing:express.router.request:start').hasSubscribers).toBe(false);
    } finally {
      await beacon.stop();
    }
  });

  it('METRICS_PORT serves them without a token, on a port of their own that closes with the server', async () => {
    const port = await freePort();
    const beacon = await startBeacon({ METRICS_PORT: String(port), HOST: '127.0.0.1' });
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    try {
      await beacon.ok('query PortProbe { organizations { totalCount } }');
      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      const samples = parseMetrics(await response.text());
      expect(value(samples, 'beacon_graphql_operation_duration_seconds_count', { operation: 'PortProbe' })).toBe(1);
      // Its own registry: the other Beacons' operations in this process are not in it.
      expect(find(samples, 'beacon_graphql_operation_duration_seconds_count', { operation: 'BeaconProbe' })).toHaveLength(0);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      expect((await fetch(`${beacon.url}/metrics`)).status).toBe(404);
    } finally {
      await beacon.stop();
    }
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});
