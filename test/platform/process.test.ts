import { Client } from 'pg';
import { loadConfig, ConfigError } from '../../src/config';
import { createTestDatabase } from '../harness/databases';
import { freePort, runBeacon, waitFor } from '../harness/process';

const SECRET = 'process-test-secret-that-is-long-enough-for-hs256';

describe('configuration', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/beacon'],
    ['TOKEN_TTL', 'forever'],
    ['JWT_SECRET', 'short'],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus_Mons'],
    ['SUPPRESSION_THRESHOLD', '1'],
    ['CAPACITY_STALE_HOURS', '-5'],
    ['DB_POOL_SIZE', '0'],
    ['STATEMENT_TIMEOUT_MS', 'soon'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_DEMO', 'maybe'],
    ['ADMIN_PASSWORD', 'short'],
  ])('a bad %s (%s) is refused, naming the variable', (name, value) => {
    const env: Record<string, string> = { JWT_SECRET: SECRET, [name]: value };
    if (name === 'ADMIN_PASSWORD') env.ADMIN_EMAIL = 'admin@test.beacon';
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('production needs JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('a bad value stops the start with a message that names the variable', async () => {
    const beacon = runBeacon({ PORT: 'not-a-port', JWT_SECRET: SECRET });
    expect(await beacon.exited).toBe(1);
    expect(beacon.stderr()).toMatch(/PORT must be a whole number/);
  });
});

describe('shutting down', () => {
  it('on SIGTERM stops taking requests, finishes the one in flight, and exits 0', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const beacon = runBeacon({ DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET, SEED_DEMO: 'false' });
    const blocker = new Client({ connectionString: database.url });
    try {
      await waitFor(() => beacon.stdout().includes('Beacon is ready'), 30_000, 'the server to start');
      // Make the next request slow: it waits on a lock this test holds.
      await blocker.connect();
      await blocker.query('BEGIN; LOCK TABLE organization IN ACCESS EXCLUSIVE MODE');
      const slow = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ organizations { totalCount } }' }),
      });
      await waitFor(async () => {
        const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`);
        return rows[0].n > 0;
      }, 10_000, 'the request to wait on the lock');

      beacon.child.kill('SIGTERM');
      await waitFor(() => beacon.stdout().includes('shutting down'), 10_000, 'shutdown to begin');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

      await blocker.query('ROLLBACK');
      const response = await slow;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { organizations: { totalCount: 0 } } });
      expect(await beacon.exited).toBe(0);
    } finally {
      beacon.child.kill('SIGKILL');
      await blocker.end().catch(() => {});
      await database.drop();
    }
  });
});
