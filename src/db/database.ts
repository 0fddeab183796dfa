import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/log';
import { createDataSource } from './data-source';
import { startEmbedded } from './embedded';

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'beacon';

/** DATABASE_URL when given; otherwise the embedded PostgreSQL in the data folder, kept between runs. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => {} };

  const server = await startEmbedded({
    dataDir: path.join(config.dataDir, 'pg'),
    port: config.embeddedPort,
    persistent: true,
    onLog: (line) => log.debug({ postgres: line }),
  });
  await createDatabaseIfMissing(server.url, EMBEDDED_DATABASE);
  const url = new URL(server.url);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { url: url.toString(), embedded: true, stop: server.stop };
}

export async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** For the command-line scripts: the configured database, opened with a data source, closed again afterwards. */
export async function withDatabase<T>(config: Config, log: Logger, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, log);
  const dataSource = await createDataSource(database.url, config).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}
