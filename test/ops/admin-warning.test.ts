import { createTestDatabase } from '../harness/databases';
import { freePort, runBeacon, waitFor } from '../harness/process';

const SECRET = 'ops-test-secret-that-is-long-enough-for-hs256';
const ADMIN = { ADMIN_EMAIL: 'first-admin@test.beacon', ADMIN_PASSWORD: 'first-admin-passphrase-2026' };

let database: { url: string; drop: () => Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Starts the built server in production on the test database until it serves, and returns what it logged. */
async function productionStart(env: Record<string, string> = {}, url = database.url): Promise<string> {
  const beacon = runBeacon({ NODE_ENV: 'production', JWT_SECRET: SECRET, DATABASE_URL: url, PORT: String(await freePort()), HOST: '127.0.0.1', ...env });
  try {
    await waitFor(() => beacon.stdout().includes('Beacon is serving') || beacon.child.exitCode !== null, 60_000, 'the server to start');
    expect(beacon.stdout()).toContain('Beacon is serving');
    return beacon.stdout() + beacon.stderr();
  } finally {
    beacon.child.kill('SIGTERM');
    await beacon.exited;
  }
}

const warnings = (log: string) => log.split('\n').filter((line) => line.includes('"level":40') && line.includes('no admin exists'));

// One database through the three starts, in order: no admin, then the admin created, then a restart without the variables.
describe('a production start', () => {
  it('on a database with no admin and no ADMIN_EMAIL warns how to create one', async () => {
    const found = warnings(await productionStart());
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/set ADMIN_EMAIL and ADMIN_PASSWORD and restart/);
  }, 90_000);

  it('with ADMIN_EMAIL set creates the admin and does not warn', async () => {
    const log = await productionStart(ADMIN);
    expect(warnings(log)).toEqual([]);
    expect(log).toContain('created the first admin from ADMIN_EMAIL');
    // The address itself never reaches the log.
    expect(log).not.toContain(ADMIN.ADMIN_EMAIL);
  }, 90_000);

  it('once an admin exists, does not warn without ADMIN_EMAIL', async () => {
    expect(warnings(await productionStart())).toEqual([]);
  }, 90_000);
});

it('with SEED_DEMO on an empty database does not warn: the demo brings its admin', async () => {
  const empty = await createTestDatabase();
  try {
    const log = await productionStart({ SEED_DEMO: 'true' }, empty.url);
    expect(warnings(log)).toEqual([]);
    expect(log).toContain('demo data loaded');
  } finally {
    await empty.drop();
  }
}, 120_000);
