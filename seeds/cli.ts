import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/common/log';
import { withDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { isEmpty, seedDemo } from './demo';

/** npm run seed -- --demo: loads the demo county into an empty database (migrating it first). */
async function main() {
  if (!process.argv.slice(2).includes('--demo')) {
    console.error('usage: npm run seed -- --demo');
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  await withDatabase(config, log, async (dataSource) => {
    await migrate(dataSource);
    if (!(await isEmpty(dataSource))) {
      console.error('The database already has organizations; the demo data goes only into an empty one.');
      process.exitCode = 1;
      return;
    }
    await seedDemo(dataSource, config, log);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
