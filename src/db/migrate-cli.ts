import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../common/log';
import { withDatabase } from './database';
import { migrate } from './migrate';

/** npm run migrate: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main() {
  const config = loadConfig();
  const applied = await withDatabase(config, createLogger(config.logLevel), (dataSource) => migrate(dataSource, config.defaultTimeZone));
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
