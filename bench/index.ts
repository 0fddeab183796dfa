import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/passwords';
import { RateLimits } from '../src/auth/rate-limits';
import { createLogger } from '../src/common/log';
import { freePort } from '../src/common/net';
import { createDatabaseIfMissing } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { startEmbedded } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { countStatements } from '../src/db/statement-counter';
import { buildSchema } from '../src/schema';
import { createServer as createBeacon } from '../src/server';
import { loadConfig } from '../src/config';
import { generateAssessments } from '../seeds/synthetic/assessments';
import { generateClients } from '../seeds/synthetic/clients';
import { generateDirectory } from '../seeds/synthetic/directory';
import { generateReferrals } from '../seeds/synthetic/referrals';
import { runLoad, summarize, type LoadResult } from './load';
import { OUTCOME_REPORT, RECOVERY_CAPITAL_REPORT, REFERRALS, SEARCH_SERVICES, searchVariables } from './operations';

/**
 * npm run bench: the synthetic data set (DESIGN.md's sizes times BENCH_SCALE), a Beacon
 * process serving it, and the operations of the performance targets under load.
 *
 *   BENCH_SCALE       1 = 100,000 services / 150,000 locations / 2,000 providers / 200,000 clients (2 to 5 assessments each) / 1,000,000 referrals
 *   BENCH_SECONDS     seconds of load per operation (default 20)
 *   BENCH_DATABASE_URL a PostgreSQL server to use (default: an embedded one in .data/bench, kept between runs)
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = 8;
const PASSWORD = 'bench-password-2026';
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
/** The load comes from one address, far faster than any person: the per-minute request limits would measure themselves. */
const UNLIMITED = { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', FUNDER_REPORTS_PER_HOUR: '1000000' };

const sizes = {
  providers: Math.round(2_000 * scale),
  services: Math.round(100_000 * scale),
  locations: Math.round(150_000 * scale),
  organizations: Math.max(1, Math.round(20 * scale)),
  coaches: Math.max(1, Math.round(1_000 * scale)),
  clients: Math.round(200_000 * scale),
  referrals: Math.round(1_000_000 * scale),
};

async function openBenchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const name = `beacon_bench_${String(scale).replace('.', '_')}`;
  let serverUrl = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const embedded = await startEmbedded({ dataDir: path.resolve('.data', 'bench', 'pg'), port: await freePort(), persistent: true });
    serverUrl = embedded.url;
    stop = embedded.stop;
  }
  await createDatabaseIfMissing(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop };
}

async function generate(dataSource: DataSource): Promise<void> {
  const [{ referrals, assessments }] = await dataSource.query(
    'SELECT (SELECT count(*) FROM referral)::int AS referrals, (SELECT count(*) FROM recovery_assessment)::int AS assessments',
  );
  if (referrals > 0 && assessments > 0) {
    console.log(`reusing the synthetic data already in the database (${referrals.toLocaleString()} referrals, ${assessments.toLocaleString()} assessments)`);
    return;
  }
  const step = async (what: string, work: () => Promise<unknown>) => {
    const t0 = Date.now();
    await work();
    console.log(`  ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  console.log('generating the synthetic data set');
  if (referrals === 0) {
    await step(`directory (${sizes.providers} providers, ${sizes.services} services, ${sizes.locations} locations)`, () =>
      generateDirectory(dataSource, { providers: sizes.providers, services: sizes.services, locations: sizes.locations }),
    );
    await step(`caseload (${sizes.clients} clients)`, () =>
      generateClients(dataSource, { organizations: sizes.organizations, coaches: sizes.coaches, clients: sizes.clients }),
    );
    await step(`referrals (${sizes.referrals})`, () => generateReferrals(dataSource, { referrals: sizes.referrals }));
  }
  // A database generated before there were assessments gets them on its own.
  await step('recovery capital assessments (2 to 5 per client)', () => generateAssessments(dataSource, { seed: 0.77 }));
  await step('ANALYZE', () => dataSource.query('ANALYZE').then(() => undefined));
}

/** Times `times` requests one after another, the first left out (it warms the caches). */
async function sequential(send: () => Promise<unknown>, times = 10): Promise<LoadResult> {
  const latencies: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await send();
    if (i > 0) latencies.push(performance.now() - t0);
  }
  return summarize(latencies, 0, latencies.reduce((a, b) => a + b, 0) / 1000);
}

/** Gives the busiest coach and an admin a known password, for the load's sign-ins. */
async function benchUsers(dataSource: DataSource): Promise<{ coach: string; admin: string }> {
  const hash = await hashPassword(PASSWORD);
  const [coach] = await dataSource.query(
    `SELECT u.email FROM app_user u JOIN referral r ON r.referred_by_id = u.id
     WHERE u.role = 'COACH' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`,
  );
  await dataSource.query(`UPDATE app_user SET password_hash = $1 WHERE email = $2`, [hash, coach.email]);
  await dataSource.query(
    `INSERT INTO app_user (email, name, role, password_hash) VALUES ('bench-admin@beacon.test', 'Bench Admin', 'ADMIN', $1)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [hash],
  );
  return { coach: coach.email, admin: 'bench-admin@beacon.test' };
}

function gqlClient(url: string) {
  return async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}

/** Statements per request, measured in this process on a Beacon of its own over the same database. */
async function statementsPerRequest(databaseUrl: string, tokens: { coach: string; admin: string }) {
  const config = loadConfig({ JWT_SECRET, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ...UNLIMITED });
  const dataSource = await createDataSource(databaseUrl, config).initialize();
  const limits = RateLimits.inProcess(config);
  const { httpServer, stop } = await createBeacon({ config, dataSource, log: createLogger('silent'), schema: await buildSchema(), limits });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const gql = gqlClient(`http://127.0.0.1:${(httpServer.address() as { port: number }).port}/graphql`);
  const count = (work: () => Promise<unknown>) => countStatements(dataSource, work);
  try {
    return {
      search5: await count(() => gql(SEARCH_SERVICES, { ...searchVariables(1), first: 5 })),
      search20: await count(() => gql(SEARCH_SERVICES, { ...searchVariables(1), first: 20 })),
      search50: await count(() => gql(SEARCH_SERVICES, { ...searchVariables(1), first: 50 })),
      referrals5: await count(() => gql(REFERRALS, { first: 5 }, tokens.coach)),
      referrals50: await count(() => gql(REFERRALS, { first: 50 }, tokens.coach)),
    };
  } finally {
    await stop();
    await dataSource.destroy();
  }
}

async function main() {
  const database = await openBenchDatabase();
  const dataSource = await createDataSource(database.url, { dbPoolSize: 2, dbConnectTimeoutMs: 10_000, statementTimeoutMs: 0 }).initialize();
  await migrate(dataSource);
  await generate(dataSource);
  const users = await benchUsers(dataSource);
  // Each report over its whole range, in whole months: referrals by the month they were made, clients by the month of their first assessment.
  const [{ services, referrals, assessments, first, last, firstAssessed, lastAssessed }] = await dataSource.query(
    `SELECT (SELECT count(*) FROM service)::int AS services, (SELECT count(*) FROM referral)::int AS referrals,
            (SELECT count(*) FROM recovery_assessment)::int AS assessments,
            (SELECT date_trunc('month', min(created_at))::date FROM referral) AS first,
            (SELECT (date_trunc('month', max(created_at)) + interval '1 month - 1 day')::date FROM referral) AS last,
            (SELECT date_trunc('month', min(taken_on))::date FROM recovery_assessment) AS "firstAssessed",
            (SELECT (date_trunc('month', max(taken_on)) + interval '1 month - 1 day')::date FROM recovery_assessment) AS "lastAssessed"`,
  );
  await dataSource.destroy();

  const port = await freePort();
  const server = spawn(process.execPath, [path.resolve(__dirname, '..', 'src', 'index.js')], {
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'warn', DB_POOL_SIZE: '16', ...UNLIMITED },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  server.stdout!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/graphql`;
  const gql = gqlClient(url);
  try {
    for (let i = 0; !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)); i++) {
      if (i > 300) throw new Error(`the server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const login = async (email: string) => (await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: PASSWORD })).login.token as string;
    const tokens = { coach: await login(users.coach), admin: await login(users.admin) };

    const results: Record<string, LoadResult> = {};
    const warm = (send: (i: number) => Promise<boolean>) => runLoad(send, CONCURRENCY, Math.min(3, seconds));
    const search = (i: number) => gql(SEARCH_SERVICES, { ...searchVariables(i), first: 20 }).then(() => true);
    await warm(search);
    results['SearchServices (text + near + category, 20 ServiceCards)'] = await runLoad(search, CONCURRENCY, seconds);
    const caseload = () => gql(REFERRALS, { first: 50 }, tokens.coach).then(() => true);
    await warm(caseload);
    results['Referrals (a caseload page of 50 ReferralSummary)'] = await runLoad(caseload, CONCURRENCY, seconds);

    results['OutcomeReport, all referrals by MONTH and CATEGORY (sequential)'] = await sequential(() =>
      gql(OUTCOME_REPORT, { input: { from: first, to: last, groupBy: ['MONTH', 'CATEGORY'] } }, tokens.admin),
    );
    results['RecoveryCapitalReport, all clients by MONTH and ORGANIZATION (sequential)'] = await sequential(() =>
      gql(RECOVERY_CAPITAL_REPORT, { input: { from: firstAssessed, to: lastAssessed, groupBy: ['MONTH', 'ORGANIZATION'] } }, tokens.admin),
    );

    const statements = await statementsPerRequest(database.url, tokens);
    console.log(`\nBeacon benchmark: ${services.toLocaleString()} services, ${referrals.toLocaleString()} referrals, ${assessments.toLocaleString()} assessments; ${CONCURRENCY} concurrent clients, ${seconds} s each; 2 cores shared by server, database and load\n`);
    console.log('| operation | requests | errors | req/s | p50 ms | p95 ms | p99 ms |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, r] of Object.entries(results)) {
      console.log(`| ${name} | ${r.requests} | ${r.errors} | ${r.throughput.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    }
    console.log(`\nSQL statements per request: SearchServices first 5 / 20 / 50: ${statements.search5} / ${statements.search20} / ${statements.search50}; Referrals first 5 / 50: ${statements.referrals5} / ${statements.referrals50}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
