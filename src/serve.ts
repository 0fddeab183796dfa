import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { listen } from './common/http';
import { createLogger, type Logger } from './common/log';
import { RateLimits } from './auth/rate-limits';
import { ensureAdmin, warnIfNoAdmin } from './people/admin';
import { openDatabase } from './db/database';
import { createDataSource } from './db/data-source';
import { migrate } from './db/migrate';
import { buildSchema } from './schema';
import type { Tracing } from './observability/tracing';
import { createServer } from './server';
import { DEMO_SIGN_INS, hasDemoSignIns, isEmpty, seedDemo } from '../seeds/demo';

/** Opens the database, migrates it, starts the server and owns its shutdown (src/index.ts loads the configuration and tracing first). */
export async function serve(config: Config, tracing: Tracing | null): Promise<void> {
  const log = createLogger(config.logLevel);

  const database = await openDatabase(config, log);
  // A start that fails past this point stops the embedded PostgreSQL it started, rather than leaving it behind.
  const started = await startOn(database.url, config, log).catch(async (error) => {
    await database.stop();
    throw error;
  });
  const { dataSource, limits, httpServer, stop } = started;
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://localhost:${port}/graphql`;
  log.info({ url, embeddedDatabase: database.embedded }, 'Beacon is ready');
  console.log(`\nBeacon is serving ${url}`);
  // Only sign-ins that exist: SEED_DEMO leaves a database that already had data as it was.
  if (config.seedDemo && (await hasDemoSignIns(dataSource))) {
    console.log(`Demo sign-ins (password for all: ${DEMO_SIGN_INS.password}):`);
    for (const { email, role } of DEMO_SIGN_INS.users) console.log(`  ${role.padEnd(13)} ${email}`);
  }
  console.log('');

  // Stop taking requests, let those in flight finish, then close the rate-limit store, the pool and the embedded database,
  // and send the last spans.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await stop();
      await limits.close();
      await dataSource.destroy();
      await database.stop();
      await tracing?.stop();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function startOn(url: string, config: Config, log: Logger) {
  const dataSource = createDataSource(url, config);
  await dataSource.initialize();
  const applied = await migrate(dataSource, config.defaultTimeZone);
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');
  await ensureAdmin(dataSource, config, log);
  if (config.seedDemo && (await isEmpty(dataSource))) await seedDemo(dataSource, config, log);
  await warnIfNoAdmin(dataSource, config, log);

  const limits = await RateLimits.connect(config, log);
  const server = await createServer({ config, dataSource, log, schema: await buildSchema(), limits });
  await listen(server.httpServer, config.port, config.host, 'PORT');
  return { dataSource, limits, ...server };
}
