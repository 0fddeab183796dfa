import { types } from 'pg';
import { DataSource } from 'typeorm';
import type { Config } from '../config';
import { entities } from './entities';
import { migrations } from './migrations';

// Calendar days stay 'YYYY-MM-DD' strings (the default parser shifts them through the local zone);
// counts and sums come back as numbers.
types.setTypeParser(types.builtins.DATE, (value) => value);
types.setTypeParser(types.builtins.INT8, (value) => Number(value));
types.setTypeParser(types.builtins.NUMERIC, (value) => Number(value));

export type DatabaseSettings = Pick<Config, 'dbPoolSize' | 'dbConnectTimeoutMs' | 'statementTimeoutMs'>;

export function createDataSource(url: string, settings: DatabaseSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    extra: {
      max: settings.dbPoolSize,
      connectionTimeoutMillis: settings.dbConnectTimeoutMs,
      // Sent as a startup parameter, so it holds for every pooled connection.
      options: `-c statement_timeout=${settings.statementTimeoutMs}`,
      application_name: 'beacon',
    },
  });
}

/** True when the database answers and every migration this build knows has run. */
export async function isReady(dataSource: DataSource): Promise<boolean> {
  try {
    return dataSource.isInitialized && !(await dataSource.showMigrations());
  } catch {
    return false;
  }
}
