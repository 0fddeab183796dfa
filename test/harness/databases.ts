import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by global-setup for every worker: the server to create databases on, and the migrated template to copy. */
export const SERVER_URL_VAR = 'BEACON_TEST_SERVER_URL';
export const TEMPLATE_VAR = 'BEACON_TEST_TEMPLATE';
/** Names this run's databases, so concurrent runs against one server never drop each other's. */
export const RUN_VAR = 'BEACON_TEST_RUN';

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` on a connection to the server's maintenance database (TEST_DATABASE_URL's own database). */
export async function onServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function randomId(): string {
  return randomBytes(4).toString('hex');
}

/** A fresh copy of the migrated template (each test file gets a database of its own), or with `migrated: false` an empty one. */
export async function createTestDatabase({ migrated = true } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env[SERVER_URL_VAR];
  const template = process.env[TEMPLATE_VAR];
  if (!serverUrl || !template) throw new Error('The test database server is not set up; run the tests with npm test.');
  const name = `beacon_test_${process.env[RUN_VAR]}_${randomId()}`;
  await onServer(serverUrl, async (client) => {
    // Two workers copying the template at the same instant may collide; the second simply retries.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name}${migrated ? ` TEMPLATE ${template}` : ''}`);
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)),
  };
}
