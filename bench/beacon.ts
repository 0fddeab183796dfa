import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/passwords';
import { RateLimits } from '../src/auth/rate-limits';
import { createLogger } from '../src/common/log';
import { freePort } from '../src/common/net';
import { loadConfig } from '../src/config';
import { createDatabaseIfMissing } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { startEmbedded } from '../src/db/embedded';
import { buildSchema } from '../src/schema';
import { createServer as createBeacon } from '../src/server';
import { gqlClient, type Gql } from './gql-client';
import { LOGIN } from './operations';

/**
 * What every part of the bench shares: the PostgreSQL server and its databases, the Beacon
 * processes under load, the Beacon in this process whose SQL is captured, and the sign-ins.
 */

/** Clients of every closed-loop load. */
export const CONCURRENCY = 8;
/** Beacon's pool, the replay's and the peer's: the same connections for all three. */
export const POOL_SIZE = 16;
export const PASSWORD = 'bench-password-2026';
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
/**
 * The load comes from one address, far faster than any person: the per-minute request limits
 * would measure themselves, and the mix's build signs in hundreds of agency staff in a minute.
 */
const UNLIMITED = {
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  FUNDER_REPORTS_PER_HOUR: '1000000',
  SIGNIN_ATTEMPTS_PER_MINUTE: '1000000',
};
export const PROFILE_DIR = path.resolve('.data', 'bench', 'profile');
export const profiling = process.env.BENCH_PROFILE === '1';

export interface BenchServer {
  /** The server's maintenance database (for creating and dropping the others). */
  url: string;
  /** The URL of database `name` on this server, created when missing. */
  database(name: string): Promise<string>;
  /** Drops database `name` if it is there, whoever is connected to it. */
  drop(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** BENCH_DATABASE_URL's server, or an embedded one in .data/bench kept between runs. */
export async function openBenchServer(): Promise<BenchServer> {
  let url = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const embedded = await startEmbedded({ dataDir: path.resolve('.data', 'bench', 'pg'), port: await freePort(), persistent: true });
    url = embedded.url;
    stop = embedded.stop;
  }
  const serverUrl = url;
  return {
    url: serverUrl,
    database: async (name) => {
      await createDatabaseIfMissing(serverUrl, name);
      const databaseUrl = new URL(serverUrl);
      databaseUrl.pathname = `/${name}`;
      return databaseUrl.toString();
    },
    drop: async (name) => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

/** The bench admin, written in SQL (there is no one yet to create it through the API), with the bench password. */
export async function benchAdmin(dataSource: DataSource): Promise<string> {
  await dataSource.query(
    `INSERT INTO app_user (email, name, role, password_hash) VALUES ('bench-admin@beacon.test', 'Bench Admin', 'ADMIN', $1)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [await hashPassword(PASSWORD)],
  );
  return 'bench-admin@beacon.test';
}

/** A token for `email`, signed in with the bench password through the coach app's Login. */
export const signInAs = async (gql: Gql, email: string): Promise<string> => (await gql(LOGIN, { email, password: PASSWORD })).login.token;

/** A Beacon process over `databaseUrl` as deployed (under BENCH_PROFILE with --cpu-prof), ready when this resolves. */
export async function startBeaconProcess(databaseUrl: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const flags = profiling ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const server = spawn(process.execPath, [...flags, path.resolve(__dirname, '..', 'src', 'index.js')], {
    // NODE_ENV=production as deployed (and as the peer runs): graphql-js, for one, skips its development checks then.
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'warn', DB_POOL_SIZE: String(POOL_SIZE), ...UNLIMITED, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  server.stdout!.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  for (let i = 0; !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)); i++) {
    if (i > 300) throw new Error(`the server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      if (server.exitCode === null) server.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `work` with a Beacon of its own in this process over `databaseUrl` (same secret, so the
 * processes' tokens hold here too), its data source, whose pool captureStatements watches, and
 * its origin (http://127.0.0.1:port, for the REST paths).
 */
export async function withInProcessBeacon<T>(databaseUrl: string, work: (gql: Gql, dataSource: DataSource, origin: string) => Promise<T>): Promise<T> {
  const config = loadConfig({ JWT_SECRET, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ...UNLIMITED });
  const dataSource = await createDataSource(databaseUrl, config).initialize();
  const limits = RateLimits.inProcess(config);
  const { httpServer, stop } = await createBeacon({ config, dataSource, log: createLogger('silent'), schema: await buildSchema(), limits });
  try {
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
    return await work(gqlClient(`${origin}/graphql`), dataSource, origin);
  } finally {
    await stop();
    await dataSource.destroy();
  }
}
