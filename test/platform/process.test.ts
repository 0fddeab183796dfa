import net from 'node:net';
import { Client } from 'pg';
import { loadConfig, ConfigError } from '../../src/config';
import { createTestDatabase } from '../harness/databases';
import { MIGRATE, SEED, freePort, runBeacon, runBuilt, waitFor } from '../harness/process';

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
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['RATE_LIMIT_ANONYMOUS_PER_MINUTE', 'many'],
    ['SIGNIN_ATTEMPTS_PER_MINUTE', '-1'],
    ['SIGNIN_FAILURES_BEFORE_LOCKOUT', '0'],
    ['SIGNIN_LOCKOUT_MINUTES', '1441'],
    ['FUNDER_REPORTS_PER_HOUR', '1.5'],
    ['REPORT_PERTURBATION', '11'],
    ['GRAPHQL_INTROSPECTION', 'maybe'],
    ['EXPLORER', 'maybe'],
    ['CORS_ORIGINS', 'app.example.org'],
    ['CORS_ORIGINS', 'https://app.example.org/path'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_PORT', '70000'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['TRUSTED_DOCUMENTS', 'maybe'],
  ])('a bad %s (%s) is refused, naming the variable', (name, value) => {
    const env: Record<string, string> = { JWT_SECRET: SECRET, [name]: value };
    if (name === 'ADMIN_PASSWORD') env.ADMIN_EMAIL = 'admin@test.beacon';
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it("the privacy settings' defaults are DESIGN.md's figures", () => {
    expect(loadConfig({ JWT_SECRET: SECRET })).toMatchObject({
      redisUrl: undefined,
      rateLimitPerMinute: 600,
      rateLimitAnonymousPerMinute: 300,
      signinAttemptsPerMinute: 30,
      signinFailuresBeforeLockout: 5,
      signinLockoutMinutes: 15,
      funderReportsPerHour: 120,
      reportPerturbation: 2,
      introspection: true,
    });
    expect(loadConfig({ JWT_SECRET: SECRET, NODE_ENV: 'production' }).introspection).toBe(false);
  });

  it('production needs JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('a port already in use stops the start with a message that names PORT, and no stack trace', async () => {
    const database = await createTestDatabase();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as net.AddressInfo).port;
      const beacon = runBeacon({ DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET, SEED_DEMO: 'false' });
      expect(await beacon.exited).toBe(1);
      expect(beacon.stderr()).toContain(`PORT ${port} on HOST 127.0.0.1 is already in use`);
      expect(beacon.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
      await database.drop();
    }
  });

  it('a METRICS_PORT already in use stops the start with a message that names METRICS_PORT, and no stack trace', async () => {
    const database = await createTestDatabase();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const metricsPort = (holder.address() as net.AddressInfo).port;
      const beacon = runBeacon({
        DATABASE_URL: database.url, PORT: String(await freePort()), METRICS_PORT: String(metricsPort), HOST: '127.0.0.1', JWT_SECRET: SECRET, SEED_DEMO: 'false',
      });
      expect(await beacon.exited).toBe(1);
      expect(beacon.stderr()).toContain(`METRICS_PORT ${metricsPort} on HOST 127.0.0.1 is already in use: stop what holds it, or set METRICS_PORT`);
      expect(beacon.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
      await database.drop();
    }
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

describe('the operating commands', () => {
  const login = async (port: number, email: string, password: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { role } } }', variables: { e: email, p: password } }),
    });
    return ((await response.json()) as any).data?.login.user.role;
  };

  it('npm run migrate applies the migrations once; npm run seed -- --demo loads an empty database and refuses a full one', async () => {
    const database = await createTestDatabase({ migrated: false });
    try {
      const env = { DATABASE_URL: database.url, JWT_SECRET: SECRET };
      const first = runBuilt(MIGRATE, [], env);
      expect(await first.exited).toBe(0);
      expect(first.stdout()).toMatch(/^applied: People1764000000000, /m);
      const again = runBuilt(MIGRATE, [], env);
      expect(await again.exited).toBe(0);
      expect(again.stdout()).toContain('no pending migrations');

      const seed = runBuilt(SEED, ['--demo'], env);
      expect(await seed.exited).toBe(0);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`SELECT (SELECT count(*) FROM service)::int AS services, (SELECT count(*) FROM referral)::int AS referrals`);
      await client.end();
      expect(rows[0].services).toBeGreaterThanOrEqual(60);
      expect(rows[0].referrals).toBeGreaterThan(0);

      const twice = runBuilt(SEED, ['--demo'], env);
      expect(await twice.exited).toBe(1);
      expect(twice.stderr()).toContain('only into an empty one');
    } finally {
      await database.drop();
    }
  }, 90_000); // Two child processes, migrations and the whole demo: slow on a loaded 2-core machine.

  it('a start on an empty database with SEED_DEMO migrates, creates the first admin, loads the demo and prints its sign-ins', async () => {
    const database = await createTestDatabase({ migrated: false });
    const port = await freePort();
    const beacon = runBeacon({
      DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET,
      SEED_DEMO: 'true', ADMIN_EMAIL: 'first-admin@test.beacon', ADMIN_PASSWORD: 'first-admin-password',
    });
    try {
      await waitFor(() => beacon.stdout().includes('Beacon is ready'), 60_000, 'the server to start');
      // The sign-ins are printed after that line, and a pipe may hand them over in a later chunk.
      await waitFor(() => /COACH +coach@beacon\.test/.test(beacon.stdout()), 5_000, 'the demo sign-ins');
      expect(beacon.stdout()).toContain(`Beacon is serving http://localhost:${port}/graphql`);
      expect(beacon.stdout()).toMatch(/COACH +coach@beacon\.test/);
      expect(await login(port, 'first-admin@test.beacon', 'first-admin-password')).toBe('ADMIN');
      expect(await login(port, 'coach@beacon.test', 'beacon-demo-2026')).toBe('COACH');
    } finally {
      beacon.child.kill('SIGTERM');
      await beacon.exited;
      await database.drop();
    }
  });

  it('with SEED_DEMO on a database that already has data, it loads nothing and prints no sign-ins', async () => {
    const database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`INSERT INTO organization (name, kinds) VALUES ('An agency of a real county', ARRAY['PROVIDER'])`);
    await client.end();
    const port = await freePort();
    const beacon = runBeacon({ DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET, SEED_DEMO: 'true' });
    try {
      await waitFor(() => beacon.stdout().includes('Beacon is ready'), 30_000, 'the server to start');
      expect(beacon.stdout()).toContain('Beacon is serving');
      expect(beacon.stdout()).not.toContain('Demo sign-ins');
      expect(await login(port, 'coach@beacon.test', 'beacon-demo-2026')).toBeUndefined();
    } finally {
      beacon.child.kill('SIGTERM');
      await beacon.exited;
      await database.drop();
    }
  });
});
