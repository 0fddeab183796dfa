import type { ClientConfig, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The pg pool behind the data source (undefined before it is initialized): TypeORM keeps it as the driver's `master`. */
export function poolOf(dataSource: DataSource): Pool | undefined {
  return (dataSource.driver as PostgresDriver).master as Pool | undefined;
}

/**
 * Settings for a connection of its own beside the data source's pool (a LISTEN connection, a
 * worker's small pool): the pool's own, so the server, the connect timeout and the statement
 * timeout are the same, under `applicationName` so pg_stat_activity tells them apart, with TCP
 * keepalive on so a connection that sits waiting notices when the server has gone.
 */
export function connectionOptions(dataSource: DataSource, applicationName: string): ClientConfig {
  const pool = poolOf(dataSource);
  if (!pool) throw new Error('connectionOptions needs an initialized data source');
  return { ...pool.options, application_name: applicationName, keepAlive: true };
}
