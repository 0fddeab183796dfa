import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../common/log';
import { openDatabase } from './database';
import { createDataSource } from './data-source';
import { migrate } from './migrate';

/** npm run migrate: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  const dataSource = await createDataSource(database.url, config).initialize();
  try {
    const applied = await migrate(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
