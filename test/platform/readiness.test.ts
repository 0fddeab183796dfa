import { migrate } from '../../src/db/migrate';
import { startBeacon } from '../harness/beacon';
import { SERVER_URL_VAR, createTestDatabase, onServer } from '../harness/databases';
import { waitFor } from '../harness/process';

const readyStatus = async (url: string) => (await fetch(`${url}/readyz`)).status;

describe('/readyz', () => {
  it('is 503 while migrations are pending and 200 once they have run, without a restart', async () => {
    const database = await createTestDatabase({ migrated: false });
    const beacon = await startBeacon({}, database);
    try {
      expect(await readyStatus(beacon.url)).toBe(503);
      expect((await fetch(`${beacon.url}/healthz`)).status).toBe(200);
      await migrate(beacon.dataSource);
      expect(await readyStatus(beacon.url)).toBe(200);
    } finally {
      await beacon.stop();
    }
  });

  it('goes 503 when the database becomes unreachable and back to 200 when it returns, without a restart', async () => {
    const beacon = await startBeacon({ DB_CONNECT_TIMEOUT_MS: '1000' });
    const [{ name }] = await beacon.dataSource.query('SELECT current_database() AS name');
    // The database goes away for this server: every connection it holds is cut and new ones are refused.
    const cutOff = (allow: boolean) =>
      onServer(process.env[SERVER_URL_VAR]!, async (client) => {
        await client.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS ${allow}`);
        if (!allow) await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      });
    try {
      expect(await readyStatus(beacon.url)).toBe(200);
      await cutOff(false);
      await waitFor(async () => (await readyStatus(beacon.url)) === 503, 15_000, '/readyz to report 503');
      expect((await fetch(`${beacon.url}/healthz`)).status).toBe(200);

      await cutOff(true);
      await waitFor(async () => (await readyStatus(beacon.url)) === 200, 15_000, '/readyz to report 200 again');
      expect(await beacon.ok('{ organizations { totalCount } }')).toEqual({ organizations: { totalCount: 0 } });
    } finally {
      await cutOff(true);
      await beacon.stop();
    }
  });
});
