import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../../src/db/embedded';
import { createDataSource } from '../../src/db/data-source';
import { migrate } from '../../src/db/migrate';
import { freePort } from './process';
import { RUN_VAR, SERVER_URL_VAR, TEMPLATE_VAR, databaseUrl, onServer, randomId } from './databases';

/**
 * One PostgreSQL for the run: TEST_DATABASE_URL's server when set, otherwise a throwaway
 * embedded one. Migrations run once into a template that every test file copies.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = await mkdtemp(path.join(tmpdir(), 'beacon-test-'));
    // Run as root, PostgreSQL runs as the postgres user, which must be able to reach its data folder.
    await chmod(dir, 0o755);
    const embedded = await startEmbedded({ dataDir: path.join(dir, 'pg'), port: await freePort(), persistent: false });
    (globalThis as { beaconEmbedded?: { stop(): Promise<void> } }).beaconEmbedded = {
      // The cluster deletes its own data folder on stop; the temporary folder around it goes too.
      stop: () => embedded.stop().then(() => rm(dir, { recursive: true, force: true })),
    };
    serverUrl = embedded.url;
  }
  const run = randomId();
  const template = `beacon_template_${run}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${template}`));
  const dataSource = await createDataSource(databaseUrl(serverUrl, template), {
    dbPoolSize: 2,
    dbConnectTimeoutMs: 10_000,
    statementTimeoutMs: 0,
  }).initialize();
  await migrate(dataSource);
  await dataSource.destroy();

  process.env[SERVER_URL_VAR] = serverUrl;
  process.env[TEMPLATE_VAR] = template;
  process.env[RUN_VAR] = run;
}
