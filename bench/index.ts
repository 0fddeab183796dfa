import 'reflect-metadata';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/passwords';
import { freePort } from '../src/common/net';
import { createDataSource } from '../src/db/data-source';
import { migrate } from '../src/db/migrate';
import { captureStatements, type CapturedStatement } from '../src/db/statement-counter';
import { benchAdmin, CONCURRENCY, openBenchServer, PASSWORD, POOL_SIZE, PROFILE_DIR, profiling, signInAs, startBeaconProcess, withInProcessBeacon } from './beacon';
import { buildDataSet, sizesAt, type Build } from './build';
import { fixed, loadFigures, rounded } from './figures';
import { gqlClient, type Gql } from './gql-client';
import { benchHsds, hsdsJson, printHsds } from './hsds';
import { runLoad, summarize, type LoadResult } from './load';
import { benchMix, mixJson, printMix } from './mix';
import { benchNotifications, NOTIFICATIONS_ENV, printNotifications } from './notifications';
import { NESTED_PAGE, OUTCOME_REPORT, PEER_NESTED_PAGE, RECOVERY_CAPITAL_REPORT, REFERRALS, SEARCH_SERVICES, searchVariables } from './operations';
import { startPeer, type Peer } from './peer';
import { profileSplit } from './profile';
import { replayLoad } from './replay';

/**
 * npm run bench: the synthetic data set (DESIGN.md's sizes times BENCH_SCALE), a Beacon
 * process serving it, and the operations of the performance targets under load; for
 * SearchServices and Referrals the same SQL replayed straight through pg, and for a nested
 * page of services the peer (PostGraphile v5) on the same database; then the realistic search
 * mix (bench/mix.ts) on a directory of its own created through the API; then the notifications
 * (bench/notifications.ts): subscription latency and losses under a stream of changes, and
 * webhook throughput; then HSDS 3.1 (bench/hsds.ts): GET /hsds/services under the same load on the
 * synthetic data set, which is then exported as an HSDS package (into .data/bench/hsds), imported
 * into an empty database of its own (dropped afterwards) and imported again, which must change
 * nothing.
 *
 *   BENCH_SCALE        1 = 100,000 services / 150,000 locations / 2,000 providers / 200,000 clients (2 to 5 assessments each) / 1,000,000 referrals
 *   BENCH_SECONDS      seconds of load per operation, of the search mix, and of changes to the subscribers (default 20)
 *   BENCH_MIX_SERVICES services of the search mix's directory (default 20,000; built once as beacon_bench_mix_<n>, then reused)
 *   BENCH_CHANGES_PER_SECOND  referral changes a second while subscribers listen (default 200, the issue's)
 *   BENCH_DATABASE_URL a PostgreSQL server to use (default: an embedded one in .data/bench, kept between runs)
 *   BENCH_JSON         a file to write the results to, as JSON
 *   BENCH_PROFILE      1: run Beacon with --cpu-prof into .data/bench/profile and print its self-time by package
 *   BENCH_HSDS_PACKAGE an HSDS package (folder, .zip or JSON) for the HSDS part to import instead of its export of the data set
 *   BENCH_ONLY         operations, mix, notifications or hsds: that part alone (default: all four, in that order)
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const changesPerSecond = Number(process.env.BENCH_CHANGES_PER_SECOND ?? 200);
const jsonFile = process.env.BENCH_JSON;
const mixServices = Number(process.env.BENCH_MIX_SERVICES ?? 20_000);
const hsdsPackage = process.env.BENCH_HSDS_PACKAGE;
const PARTS = ['operations', 'mix', 'notifications', 'hsds'] as const;
const only = process.env.BENCH_ONLY;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) throw new Error(`BENCH_ONLY must be one of ${PARTS.join(', ')}`);
const runs = (part: (typeof PARTS)[number]) => only === undefined || only === part;
/** Requests captured for each replay, replayed round robin (the load varies its searches). */
const CAPTURED_REQUESTS = 10;

type Tokens = { coach: string; admin: string };

/** One benchmarked operation: how the load sends it, and whether its SQL is replayed. */
interface Operation {
  name: string;
  /** Who sends it: the busiest coach, the bench admin, or anonymous (null). */
  as: 'coach' | 'admin' | null;
  send: (gql: Gql, i: number) => Promise<unknown>;
  /** Closed-loop load at CONCURRENCY, or requests one after another (the reports). */
  sequential?: boolean;
  replay?: boolean;
}

interface Measured {
  name: string;
  load: LoadResult;
  statements: number;
  replay: LoadResult | null;
}

/** Gives the busiest coach and an admin a known password, for the load's sign-ins. */
async function benchUsers(dataSource: DataSource): Promise<{ coach: string; admin: string }> {
  const [coach] = await dataSource.query(
    `SELECT u.email FROM app_user u JOIN referral r ON r.referred_by_id = u.id
     WHERE u.role = 'COACH' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`,
  );
  await dataSource.query(`UPDATE app_user SET password_hash = $1 WHERE email = $2`, [await hashPassword(PASSWORD), coach.email]);
  return { coach: coach.email, admin: await benchAdmin(dataSource) };
}

const signIn = async (gql: Gql, users: { coach: string; admin: string }): Promise<Tokens> => ({ coach: await signInAs(gql, users.coach), admin: await signInAs(gql, users.admin) });

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

/**
 * On a Beacon of its own in this process over the same database: the SQL each operation sends
 * (statements per request, and for the replayed ones the statements of its first requests,
 * text and values), and the statements of SearchServices and Referrals at other page sizes.
 */
function observeStatements(databaseUrl: string, users: { coach: string; admin: string }, operations: Operation[]) {
  return withInProcessBeacon(databaseUrl, async (gql, dataSource) => {
    const capture = (work: () => Promise<unknown>) => captureStatements(dataSource, work);
    const tokens = await signIn(gql, users);
    const counts = new Map<string, number>();
    const captured = new Map<string, CapturedStatement[][]>();
    for (const operation of operations) {
      const send = (i: number) => operation.send(signedIn(gql, tokens, operation), i);
      await send(0);
      const requests: CapturedStatement[][] = [];
      for (let i = 0; i < (operation.replay ? CAPTURED_REQUESTS : 1); i++) requests.push(await capture(() => send(i)));
      counts.set(operation.name, requests[0].length);
      if (operation.replay) captured.set(operation.name, requests);
    }
    const count = async (work: () => Promise<unknown>) => (await capture(work)).length;
    const pageSizes = {
      search5: await count(() => gql(SEARCH_SERVICES, { ...searchVariables(1), first: 5 })),
      search50: await count(() => gql(SEARCH_SERVICES, { ...searchVariables(1), first: 50 })),
      referrals5: await count(() => gql(REFERRALS, { first: 5 }, tokens.coach)),
    };
    return { counts, captured, pageSizes };
  });
}

/** `gql` as the operation's sender. */
const signedIn = (gql: Gql, tokens: Tokens, operation: Operation): Gql => (query, variables) => gql(query, variables, operation.as ? tokens[operation.as] : undefined);

function print(build: Build, measured: Measured[], peers: { name: string; load: LoadResult; ratio: number }[], pageSizes: Record<string, number>, totals: Record<string, number>) {
  console.log(
    `\nBeacon benchmark: ${totals.services.toLocaleString()} services, ${totals.referrals.toLocaleString()} referrals, ${totals.assessments.toLocaleString()} assessments; ` +
      `${CONCURRENCY} concurrent clients, ${seconds} s each; 2 cores shared by server, database and load`,
  );
  console.log(build.seconds === null ? 'data set: reused' : `data set built from an empty database in ${build.seconds.toFixed(1)} s (${build.rows.toLocaleString()} rows)`);
  console.log('\n| operation | requests | errors | req/s | p50 ms | p95 ms | p99 ms | statements | replay p50 ms | p50 / replay p50 |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const m of measured) {
    const r = m.load;
    console.log(
      `| ${m.name} | ${r.requests} | ${r.errors} | ${fixed(r.throughput)} | ${fixed(r.p50)} | ${fixed(r.p95)} | ${fixed(r.p99)} | ${m.statements} | ${fixed(m.replay?.p50)} | ${m.replay ? fixed(r.p50 / m.replay.p50, 2) : '-'} |`,
    );
  }
  console.log(
    `\nSQL statements per request at other page sizes: SearchServices first 5 / 50: ${pageSizes.search5} / ${pageSizes.search50}; Referrals first 5: ${pageSizes.referrals5}`,
  );
  if (peers.length > 0) {
    const beacon = measured.find((m) => m.name === NESTED_NAME)!.load;
    console.log(`\nThe same nested page of 50 services, same load, same run (req/s ratio: Beacon / peer, target at least 1):`);
    console.log('| server | req/s | p50 ms | p95 ms | p99 ms |');
    console.log('|---|---|---|---|---|');
    console.log(`| Beacon | ${fixed(beacon.throughput)} | ${fixed(beacon.p50)} | ${fixed(beacon.p95)} | ${fixed(beacon.p99)} |`);
    for (const p of peers) console.log(`| ${p.name} | ${fixed(p.load.throughput)} | ${fixed(p.load.p50)} | ${fixed(p.load.p95)} | ${fixed(p.load.p99)} |`);
    for (const p of peers) console.log(`Beacon / ${p.name}: ${p.ratio.toFixed(2)} × the throughput`);
  }
}

const NESTED_NAME = 'Nested page (50 services with organization, locations, addresses, phones, schedules)';

/** The synthetic data set of DESIGN.md's sizes (built unless there), with the bench's sign-ins and each report's whole range. */
async function openSynthetic(databaseUrl: string) {
  const dataSource = await createDataSource(databaseUrl, { dbPoolSize: 2, dbConnectTimeoutMs: 10_000, statementTimeoutMs: 0 }).initialize();
  try {
    await migrate(dataSource);
    const build = await buildDataSet(dataSource, sizesAt(scale));
    const users = await benchUsers(dataSource);
    // Each report over its whole range, in whole months: referrals by the month they were made, clients by the month of their first assessment.
    const [ranges] = await dataSource.query(
      `SELECT (SELECT count(*) FROM service)::int AS services, (SELECT count(*) FROM referral)::int AS referrals,
              (SELECT count(*) FROM recovery_assessment)::int AS assessments,
              (SELECT date_trunc('month', min(created_at))::date FROM referral) AS first,
              (SELECT (date_trunc('month', max(created_at)) + interval '1 month - 1 day')::date FROM referral) AS last,
              (SELECT date_trunc('month', min(taken_on))::date FROM recovery_assessment) AS "firstAssessed",
              (SELECT (date_trunc('month', max(taken_on)) + interval '1 month - 1 day')::date FROM recovery_assessment) AS "lastAssessed",
              (SELECT organization_id FROM service WHERE status = 'ACTIVE' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) AS "nestedOrganization"`,
    );
    return { url: databaseUrl, build, users, ranges: ranges as Record<string, any> };
  } finally {
    await dataSource.destroy();
  }
}

async function main() {
  const sizes = sizesAt(scale);
  if (profiling) {
    // One folder for the run: the profile covers every Beacon process it starts.
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const server = await openBenchServer();
  let synthetic: Awaited<ReturnType<typeof openSynthetic>> | null = null;
  let operations: Awaited<ReturnType<typeof benchOperations>> | null = null;
  let mix: Awaited<ReturnType<typeof benchMix>> | null = null;
  let notifications: Awaited<ReturnType<typeof benchNotifications>> | null = null;
  let hsds: Awaited<ReturnType<typeof benchHsds>> | null = null;
  try {
    // The mix brings a directory of its own: BENCH_ONLY=mix builds no synthetic data set.
    if (runs('operations') || runs('notifications') || runs('hsds')) synthetic = await openSynthetic(await server.database(`beacon_bench_${String(scale).replace('.', '_')}`));
    if (synthetic && runs('operations')) operations = await benchOperations(synthetic.url, synthetic.users, synthetic.ranges);
    if (runs('mix')) mix = await benchMix(server, mixServices, seconds);
    if (synthetic && runs('notifications')) {
      const beacon = await startBeaconProcess(synthetic.url, NOTIFICATIONS_ENV);
      try {
        const gql = gqlClient(beacon.url);
        const tokens = await signIn(gql, synthetic.users);
        notifications = await benchNotifications({ gql, beaconUrl: beacon.url, databaseUrl: synthetic.url, seconds, changesPerSecond, adminToken: tokens.admin, excludedEmail: synthetic.users.coach });
      } finally {
        await beacon.stop();
      }
    }
    if (synthetic && runs('hsds')) hsds = await benchHsds(server, synthetic.url, seconds, hsdsPackage);
  } finally {
    await server.stop();
  }

  if (synthetic && operations) print(synthetic.build, operations.measured, operations.peers, operations.pageSizes, synthetic.ranges);
  if (mix) printMix(mix, seconds);
  if (notifications) printNotifications(notifications);
  if (hsds) printHsds(hsds, seconds);
  if (profiling) {
    console.log(`\nBeacon's CPU self-time by package (busy samples of ${PROFILE_DIR}):`);
    for (const { group, ms, share } of profileSplit(PROFILE_DIR)) {
      if (share >= 0.005) console.log(`  ${group.padEnd(30)} ${(share * 100).toFixed(1).padStart(5)} %  ${(ms / 1000).toFixed(1)} s`);
    }
  }
  if (jsonFile) {
    const results = {
      sizes,
      concurrency: CONCURRENCY,
      seconds,
      ...(synthetic && { build: { seconds: rounded(synthetic.build.seconds), rows: synthetic.build.rows } }),
      ...(operations && {
        operations: operations.measured.map((m) => ({
          name: m.name,
          ...loadFigures(m.load),
          statements: m.statements,
          replayP50: rounded(m.replay?.p50),
          ratio: m.replay ? rounded(m.load.p50 / m.replay.p50) : null,
        })),
        peers: operations.peers.map((p) => ({ name: p.name, rps: rounded(p.load.throughput), p50: rounded(p.load.p50), p95: rounded(p.load.p95), p99: rounded(p.load.p99), ratio: rounded(p.ratio) })),
      }),
      ...(mix && { mix: mixJson(mix) }),
      ...(notifications && { notifications: notifications.subscriptions, webhooks: notifications.webhooks }),
      ...(hsds && { hsds: hsdsJson(hsds) }),
    };
    writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${jsonFile}`);
  }
}

/** The operations of the performance targets under load, their SQL replayed, and the peer's nested page, on a Beacon process and a peer of their own. */
async function benchOperations(databaseUrl: string, users: { coach: string; admin: string }, ranges: Record<string, any>) {
  const operations: Operation[] = [

    { name: 'SearchServices (text + near + category, 20 ServiceCards)', as: null, send: (gql, i) => gql(SEARCH_SERVICES, { ...searchVariables(i), first: 20 }), replay: true },
    { name: 'Referrals (a caseload page of 50 ReferralSummary)', as: 'coach', send: (gql) => gql(REFERRALS, { first: 50 }), replay: true },
    { name: NESTED_NAME, as: null, send: (gql) => gql(NESTED_PAGE, { id: ranges.nestedOrganization }) },
    {
      name: 'OutcomeReport, all referrals by MONTH and CATEGORY (sequential)',
      as: 'admin',
      send: (gql) => gql(OUTCOME_REPORT, { input: { from: ranges.first, to: ranges.last, groupBy: ['MONTH', 'CATEGORY'] } }),
      sequential: true,
    },
    {
      name: 'RecoveryCapitalReport, all clients by MONTH and ORGANIZATION (sequential)',
      as: 'admin',
      send: (gql) => gql(RECOVERY_CAPITAL_REPORT, { input: { from: ranges.firstAssessed, to: ranges.lastAssessed, groupBy: ['MONTH', 'ORGANIZATION'] } }),
      sequential: true,
    },
  ];
  console.log('\ncapturing the SQL of each operation');
  const observed = await observeStatements(databaseUrl, users, operations);

  const peer: Peer = await startPeer(databaseUrl, await freePort(), POOL_SIZE);
  const beacon = await startBeaconProcess(databaseUrl);
  const measured: Measured[] = [];
  const peers: { name: string; load: LoadResult; ratio: number }[] = [];
  try {
    const gql = gqlClient(beacon.url);
    const tokens = await signIn(gql, users);
    const warm = (send: (i: number) => Promise<boolean>) => runLoad(send, CONCURRENCY, Math.min(3, seconds));
    for (const operation of operations) {
      const send = (i: number) => operation.send(signedIn(gql, tokens, operation), i).then(() => true);
      console.log(`measuring ${operation.name}`);
      let load: LoadResult;
      if (operation.sequential) load = await sequential(() => send(0));
      else {
        await warm(send);
        load = await runLoad(send, CONCURRENCY, seconds);
      }
      const captured = observed.captured.get(operation.name);
      const replay = captured ? await replayLoad(databaseUrl, captured, POOL_SIZE, CONCURRENCY, seconds) : null;
      measured.push({ name: operation.name, load, statements: observed.counts.get(operation.name)!, replay });
      if (operation.name === NESTED_NAME) {
        const peerGql = gqlClient(peer.url);
        const peerSend = () => peerGql(PEER_NESTED_PAGE, { id: ranges.nestedOrganization }).then(() => true);
        console.log(`measuring the same page on ${peer.name}`);
        await warm(peerSend);
        const peerLoad = await runLoad(peerSend, CONCURRENCY, seconds);
        peers.push({ name: peer.name, load: peerLoad, ratio: load.throughput / peerLoad.throughput });
      }
    }
  } finally {
    await beacon.stop();
    await peer.stop();
  }
  return { measured, peers, pageSizes: observed.pageSizes };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
