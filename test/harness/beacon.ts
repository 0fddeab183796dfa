import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { RateLimits } from '../../src/auth/rate-limits';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/common/log';
import { createDataSource } from '../../src/db/data-source';
import { countStatements } from '../../src/db/statement-counter';
import { buildSchema } from '../../src/schema';
import type { Metrics } from '../../src/observability/metrics';
import { createServer } from '../../src/server';
import { ensureAdmin } from '../../src/people/admin';
import { createTestDatabase } from './databases';

export const ADMIN = { email: 'admin@test.beacon', password: 'admin-password-123' };

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions: Record<string, any> }[];
}

export interface Beacon {
  url: string;
  config: Config;
  dataSource: DataSource;
  /** The server's metrics: null unless METRICS_TOKEN or METRICS_PORT is set. */
  metrics: Metrics | null;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, any>[];
  /** POSTs a GraphQL document; `token` signs the request in. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Like gql, with the request id the server gave the request (its X-Request-Id answer header). */
  gqlWithRequestId<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T> & { requestId: string }>;
  /** Like gql, but fails the test on any error and returns data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Counts the SQL statements the server sends while `work` runs. */
  countStatements(work: () => Promise<unknown>): Promise<number>;
  stop(): Promise<void>;
}

let schema: Promise<GraphQLSchema> | undefined;

/**
 * Tests sign in many times a minute from 127.0.0.1, so the harness lifts the rate limits unless
 * a test sets them (test/auth and test/reports/quota do).
 */
const GENEROUS_LIMITS = {
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  SIGNIN_ATTEMPTS_PER_MINUTE: '1000000',
  SIGNIN_FAILURES_BEFORE_LOCKOUT: '1000',
  FUNDER_REPORTS_PER_HOUR: '1000000',
};

/**
 * A real Beacon over HTTP on its own fresh database (a copy of the migrated template), with
 * a first admin. `database` runs it on another database instead (one the test controls).
 * With REDIS_URL in `env`, its rate-limit keys start with `limitsKeyPrefix`: fresh for each
 * Beacon unless given, so that two Beacons given the same prefix share their counters and
 * nothing else (another test, an earlier run) does.
 */
export async function startBeacon(
  env: Record<string, string> = {},
  database: { url: string; drop: () => Promise<void> } | null = null,
  limitsKeyPrefix = `beacon-test-${randomUUID()}`,
): Promise<Beacon> {
  database ??= await createTestDatabase();
  const config = loadConfig({
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DB_POOL_SIZE: '10',
    LOG_LEVEL: 'info',
    ...GENEROUS_LIMITS,
    ...env,
  });
  const logs: Record<string, any>[] = [];
  const log = createLogger(config.logLevel, new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  }));
  const dataSource = await createDataSource(database.url, config).initialize();
  if (!(await dataSource.showMigrations())) await ensureAdmin(dataSource, config, log);
  schema ??= buildSchema();
  const limits = await RateLimits.connect(config, log, limitsKeyPrefix);
  const server = await createServer({ config, dataSource, log, schema: await schema, limits });
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;

  const gqlWithRequestId = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await response.json()) as GraphQLResponse), requestId: response.headers.get('x-request-id')! };
  };
  const gql = async (query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse> => {
    const { requestId: _, ...response } = await gqlWithRequestId(query, variables, token);
    return response;
  };
  const ok = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await gql(query, variables, token);
    if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
    return response.data;
  };
  const login = async (email: string, password: string) =>
    (await ok(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password })).login.token as string;
  let adminToken: string | undefined;

  return {
    url,
    config,
    dataSource,
    metrics: server.metrics,
    logs,
    gql,
    gqlWithRequestId,
    ok,
    login,
    adminToken: async () => (adminToken ??= await login(ADMIN.email, ADMIN.password)),
    countStatements: (work) => countStatements(dataSource, work),
    async stop() {
      await server.stop();
      await limits.close();
      await dataSource.destroy();
      await database!.drop();
    },
  };
}
