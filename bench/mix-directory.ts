import { Client } from 'pg';
import { createDataSource } from '../src/db/data-source';
import { migrate } from '../src/db/migrate';
import { clientDocument } from '../src/trusted-documents/manifest';
import { benchAdmin, CONCURRENCY, PASSWORD, signInAs, startBeaconProcess, type BenchServer } from './beacon';
import { gqlClient, type Gql } from './gql-client';
import { agencyName, listingInput } from './mix-listings';

/** The admin console's and agency portal's documents: the directory is made as its users make it. */
const CREATE_ORGANIZATION = clientDocument('CreateOrganization');
const CREATE_USER = clientDocument('CreateUser');
const AGENCY_LOGIN = clientDocument('AgencyLogin');
const CREATE_SERVICE = clientDocument('CreateService');

/** The coach the mix signs in as (a peer-support organization's, made with the directory). */
export const MIX_COACH = 'bench-coach@beacon.test';
/** Listings per agency: 200 agencies for the 20,000 services. */
const SERVICES_PER_AGENCY = 100;

/** What a finished build writes on its database (COMMENT ON DATABASE); a database without it is an interrupted build. */
interface BuildMark {
  complete: true;
  services: number;
  buildSeconds: number;
}

export interface MixDirectory {
  url: string;
  services: number;
  /** Seconds the build took, this run's or (reused) the one that made the database. */
  buildSeconds: number;
  reused: boolean;
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs work(0) … work(count - 1), `concurrency` at a time, as that many clients would. */
async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** `work` on one connection to `url` (the server's maintenance database, to read, drop or mark a whole database). */
async function connected<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database's comment as a build mark, if it is one. */
function markOf(note: string | null): BuildMark | null {
  try {
    const mark = JSON.parse(note ?? '');
    return mark?.complete === true ? mark : null;
  } catch {
    return null;
  }
}

/** The database's build mark; null when it is missing or unfinished, after dropping an unfinished one so its build starts clean. */
async function finishedBuild(server: BenchServer, name: string): Promise<BuildMark | null> {
  return connected(server.url, async (client) => {
    const { rows } = await client.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [name]);
    if (rows.length === 0) return null;
    const mark = markOf(rows[0].note);
    if (mark) return mark;
    console.log(`${name} holds an unfinished build: dropping it to start again`);
    await client.query(`DROP DATABASE ${quoted(name)} WITH (FORCE)`);
    return null;
  });
}

/** The admin (in SQL, the only way to a first admin) on a migrated database. */
async function prepareDatabase(url: string): Promise<string> {
  const dataSource = await createDataSource(url, { dbPoolSize: 2, dbConnectTimeoutMs: 10_000, statementTimeoutMs: 0 }).initialize();
  try {
    await migrate(dataSource);
    return await benchAdmin(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** A new organization of `kinds` and a user of `role` in it with the bench password, through the admin console. */
async function organizationWithUser(gql: Gql, adminToken: string, kinds: string[], name: string, role: string, email: string) {
  const { createOrganization } = await gql(CREATE_ORGANIZATION, { input: { name, description: `${name} serves the New York region.`, kinds } }, adminToken);
  const organizationId = createOrganization.organization.id;
  await gql(CREATE_USER, { input: { email, name: `${name} ${role.toLowerCase()}`, password: PASSWORD, role, organizationId } }, adminToken);
}

/** The agencies and their staff, each agency's staff member signed in through the agency portal: their tokens, in agency order. */
async function agencies(gql: Gql, adminToken: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  await inParallel(count, CONCURRENCY, async (j) => {
    const email = `staff-${j}@agency.bench.test`;
    await organizationWithUser(gql, adminToken, ['PROVIDER'], agencyName(j), 'AGENCY_STAFF', email);
    tokens[j] = (await gql(AGENCY_LOGIN, { email, password: PASSWORD })).login.token;
  });
  return tokens;
}

/** Every listing through createService by its agency's staff, CONCURRENCY at a time, with a line of progress every few seconds. */
async function listings(gql: Gql, staffTokens: string[], services: number) {
  const started = performance.now();
  let created = 0;
  let printed = started;
  const progress = () => console.log(`  [${seconds(started).toFixed(1).padStart(6)} s] ${n(created)} / ${n(services)} services (${((100 * created) / services).toFixed(0)}%), ${n(created / seconds(started))} services/s`);
  await inParallel(services, CONCURRENCY, async (i) => {
    await gql(CREATE_SERVICE, { input: listingInput(i) }, staffTokens[i % staffTokens.length]);
    created++;
    if (performance.now() - printed >= 5_000) {
      printed = performance.now();
      progress();
    }
  });
  progress();
}

/** Built through the API as agencies would: the admin makes the agencies and a coach, the agencies' staff their listings. */
async function buildThroughApi(url: string, services: number) {
  const admin = await prepareDatabase(url);
  const beacon = await startBeaconProcess(url);
  try {
    const gql = gqlClient(beacon.url);
    const adminToken = await signInAs(gql, admin);
    await organizationWithUser(gql, adminToken, ['PEER_SUPPORT'], 'Bench Peer Network', 'COACH', MIX_COACH);
    const count = Math.max(1, Math.round(services / SERVICES_PER_AGENCY));
    console.log(`  ${n(count)} agencies with a staff member each`);
    const staffTokens = await agencies(gql, adminToken, count);
    console.log(`  ${n(services)} services through createService, ${CONCURRENCY} at a time`);
    await listings(gql, staffTokens, services);
  } finally {
    await beacon.stop();
  }
}

/**
 * The mix's directory of `services` listings in database beacon_bench_mix_<services>: reused when
 * a build finished it, built otherwise. VACUUM ANALYZE for the same reason as the synthetic data
 * set's (bench/build.ts: autovacuum may be off); the mark goes on only after it, so an
 * interrupted build is dropped and made again on the next run rather than measured half made.
 */
export async function openMixDirectory(server: BenchServer, services: number): Promise<MixDirectory> {
  const name = `beacon_bench_mix_${services}`;
  const finished = await finishedBuild(server, name);
  const url = await server.database(name);
  if (finished) {
    console.log(`reusing the search mix's directory in ${name} (${n(finished.services)} services, built in ${finished.buildSeconds.toFixed(1)} s)`);
    return { url, services: finished.services, buildSeconds: finished.buildSeconds, reused: true };
  }
  console.log(`building the search mix's directory in ${name} through the API`);
  const started = performance.now();
  await buildThroughApi(url, services);
  console.log('  VACUUM ANALYZE');
  await connected(url, (client) => client.query('VACUUM ANALYZE'));
  const mark: BuildMark = { complete: true, services, buildSeconds: Math.round(seconds(started) * 10) / 10 };
  await connected(server.url, (client) => client.query(`COMMENT ON DATABASE ${quoted(name)} IS '${JSON.stringify(mark)}'`));
  console.log(`built ${name} in ${mark.buildSeconds.toFixed(1)} s`);
  return { url, services, buildSeconds: mark.buildSeconds, reused: false };
}
