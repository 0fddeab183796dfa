import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createTestDatabase } from '../harness/databases';
import { freePort, runBeacon, waitFor } from '../harness/process';

/**
 * The instrumentations patch express, pg and graphql through Node's require, which jest's module
 * system bypasses; so the built server runs as its own process, exporting to an OTLP/HTTP
 * receiver this test runs (the equivalent, across processes, of an in-memory exporter).
 */

const SECRET = 'tracing-test-secret-that-is-long-enough-for-hs256';

/** Values a caller sends that must appear in no span: a search text, a password, a query string, a bad variable, a literal. */
const MARKERS = {
  search: 'marker-search-7f3a9c',
  password: 'marker-password-91c2e4',
  queryString: 'marker-query-string-5d0e1b',
  badVariable: 'marker-bad-variable-2b8f6a',
  literal: 'marker-literal-c41d07',
};

interface Span {
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  events?: { name: string; attributes: { key: string }[] }[];
  scope: string;
}

/** Collects what the server sends to /v1/traces (OTLP/HTTP JSON). */
function otlpReceiver() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      bodies.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
      expect(req.url).toBe('/v1/traces');
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const spans = (): Span[] =>
    bodies.flatMap((body) =>
      JSON.parse(body).resourceSpans.flatMap((r: any) =>
        r.scopeSpans.flatMap((s: any) => s.spans.map((span: any) => ({ ...span, scope: s.scope.name }))),
      ),
    );
  return { server, bodies, spans };
}

const attribute = (span: Span, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value && Object.values(value)[0];
};

describe('tracing, with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('sends spans of HTTP, Express, GraphQL and SQL with the request id, none of the values callers sent, and flushes them at shutdown', async () => {
    const receiver = otlpReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    const database = await createTestDatabase();
    const port = await freePort();
    const beacon = runBeacon({
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: SECRET,
      SEED_DEMO: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`,
      // Nothing is sent on a timer during the test: what arrives, arrives because shutdown flushed it.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    const graphql = (query: string, variables: Record<string, unknown> = {}) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
    let searchRequestId: string | null = null;
    let signInRequestId: string | null = null;
    try {
      await waitFor(() => beacon.stdout().includes('Beacon is ready'), 30_000, 'the server to start');

      const search = await graphql('query TraceProbe($search: String) { organizations(search: $search) { totalCount } }', { search: MARKERS.search });
      expect(search.status).toBe(200);
      searchRequestId = search.headers.get('x-request-id');

      const signIn = (await (
        await graphql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: 'nobody@test.beacon', p: MARKERS.password })
      ).json()) as { errors: { extensions: Record<string, string> }[] };
      expect(signIn.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      signInRequestId = signIn.errors[0].extensions.requestId;

      await fetch(`http://127.0.0.1:${port}/reports/outcomes.csv?from=${MARKERS.queryString}`);
      const badVariable = (await (await graphql('query($first: Int) { organizations(first: $first) { totalCount } }', { first: MARKERS.badVariable })).json()) as any;
      expect(JSON.stringify(badVariable)).toContain(MARKERS.badVariable);
      const literal = (await (await graphql(`{ organizations(first: "${MARKERS.literal}") { totalCount } }`)).json()) as any;
      expect(literal.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(literal)).toContain(MARKERS.literal);
      expect(receiver.bodies).toHaveLength(0);

      beacon.child.kill('SIGTERM');
      expect(await beacon.exited).toBe(0);
    } finally {
      beacon.child.kill('SIGKILL');
      await database.drop();
      receiver.server.close();
    }

    const spans = receiver.spans();
    const scopes = new Set(spans.map((s) => s.scope));
    for (const scope of ['http', 'express', 'graphql', 'pg']) expect(scopes).toContain(`@opentelemetry/instrumentation-${scope}`);
    const names = spans.map((s) => s.name);
    // The execute span is named for its operation.
    for (const name of ['graphql.parse', 'graphql.validate', 'query TraceProbe', 'POST /graphql']) expect(names).toContain(name);
    expect(spans.some((s) => s.scope === '@opentelemetry/instrumentation-pg' && String(attribute(s, 'db.query.text')).includes('$'))).toBe(true);

    const serverSpans = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-http');
    const withId = (id: string | null) => serverSpans.filter((s) => attribute(s, 'beacon.request_id') === id);
    expect(withId(searchRequestId)).toHaveLength(1);
    expect(withId(signInRequestId)).toHaveLength(1);
    expect(attribute(withId(searchRequestId)[0], 'url.path')).toBe('/graphql');
    for (const span of serverSpans) {
      for (const key of ['url.query', 'client.address', 'network.peer.address', 'user_agent.original']) expect(attribute(span, key)).toBeUndefined();
    }

    // The validation error was recorded, by its type only.
    const exceptions = spans.flatMap((s) => (s.events ?? []).filter((e) => e.name === 'exception'));
    expect(exceptions.length).toBeGreaterThan(0);
    for (const event of exceptions) expect(event.attributes.map((a) => a.key)).toEqual(['exception.type']);

    const everything = receiver.bodies.join('\n');
    for (const marker of Object.values(MARKERS)) expect(everything).not.toContain(marker);
  }, 60_000);
});
