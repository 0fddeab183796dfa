import type { QueryRunner } from 'typeorm';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { RecoveryCapitalSummary1764000006100 } from '../../src/db/migrations/1764000006100-RecoveryCapitalSummary';
import { ratingsFor } from './report-builders';

/**
 * recovery_capital_summary, which the recovery capital report reads, is kept by a trigger on
 * recovery_assessment. Whatever order assessments arrive in, one by one, several in one
 * statement or from two connections at once, it must hold what a direct computation over
 * every assessment gives: per client the count, and the first and latest by (taken_on,
 * created_at, id).
 */
let beacon: Beacon;
let w: CaseloadWorld;

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
}, 120_000);
afterAll(() => beacon.stop());

type Queryable = { query: (sql: string, params?: unknown[]) => Promise<any> };
/** An assessment to write: its client, day, total and recording time. */
type Row = [clientId: string, day: string, total: number, recordedAt: string];

const COLUMNS = `client_id, organization_id, client_key, assessments,
  first_taken_on::text, first_created_at::text, first_id, first_total, latest_taken_on::text, latest_created_at::text, latest_id, latest_total`;

/** Every client's summary as the assessments give it, computed per client without the summary's code. */
const DIRECT = `
  SELECT ${COLUMNS} FROM (
    SELECT c.id AS client_id, c.organization_id, c.record_key AS client_key,
           (SELECT count(*)::int FROM recovery_assessment a WHERE a.client_id = c.id) AS assessments,
           f.taken_on AS first_taken_on, f.created_at AS first_created_at, f.id AS first_id, f.total AS first_total,
           l.taken_on AS latest_taken_on, l.created_at AS latest_created_at, l.id AS latest_id, l.total AS latest_total
      FROM client c
     CROSS JOIN LATERAL (SELECT * FROM recovery_assessment a WHERE a.client_id = c.id ORDER BY taken_on, created_at, id LIMIT 1) f
     CROSS JOIN LATERAL (SELECT * FROM recovery_assessment a WHERE a.client_id = c.id ORDER BY taken_on DESC, created_at DESC, id DESC LIMIT 1) l
  ) direct ORDER BY client_id`;

const summaries = (db: Queryable = beacon.dataSource) => db.query(`SELECT ${COLUMNS} FROM recovery_capital_summary ORDER BY client_id`);

async function expectSummaryAgrees(db: Queryable = beacon.dataSource) {
  const direct = await db.query(DIRECT);
  expect(direct.length).toBeGreaterThan(0);
  expect(await summaries(db)).toEqual(direct);
}

/** Writes `rows` in one INSERT statement. */
async function insert(db: Queryable, rows: Row[]) {
  const values = rows.map((_, i) => `($${4 * i + 1}::uuid, $${4 * i + 2}::date, $${4 * i + 3}::smallint[], $${4 * i + 4}::timestamptz, $${4 * rows.length + 1}::uuid)`);
  await db.query(
    `INSERT INTO recovery_assessment (client_id, taken_on, items, created_at, recorded_by_id) VALUES ${values.join(', ')}`,
    [...rows.flatMap(([clientId, day, total, at]) => [clientId, day, ratingsFor(total), at]), w.coach.id],
  );
}

const summaryOf = async (clientId: string) => (await beacon.dataSource.query(`SELECT * FROM recovery_capital_summary WHERE client_id = $1`, [clientId]))[0];
const newClient = async () => (await aClient(beacon, await w.coach.token())).id;

/** A repeatable shuffle (a linear congruential generator), so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('the recovery capital summary', () => {
  it('agrees with the assessments after each insert, in random order, with ties on the day and on the recording time', async () => {
    const clients = [await newClient(), await newClient(), await newClient(), await (async () => (await aClient(beacon, await w.otherOrgCoach.token())).id)()];
    const rows: Row[] = clients.flatMap((id, n) => [
      [id, '2026-01-10', 20 + n, '2026-01-10T12:00:00Z'],
      [id, '2026-02-10', 25 + n, '2026-02-10T12:00:00Z'],
      [id, '2026-02-10', 30 + n, '2026-02-10T09:00:00Z'],
      // Same day, same recording time: the id decides which is first and which latest.
      [id, '2026-03-01', 35 + n, '2026-03-01T08:00:00Z'],
      [id, '2026-03-01', 40 + n, '2026-03-01T08:00:00Z'],
      [id, '2025-12-31', 45 + n, '2026-03-02T08:00:00Z'],
    ]);
    for (const row of shuffled(rows, 20260101)) {
      await insert(beacon.dataSource, [row]);
      await expectSummaryAgrees();
    }
    expect(await summaryOf(clients[0])).toMatchObject({ assessments: 6, first_total: 45 });
  });

  it('keeps the recording times to the microsecond, as recovery_assessment does, so times apart by less than a millisecond stay in order', async () => {
    const client = await newClient();
    await insert(beacon.dataSource, [[client, '2026-05-01', 30, '2026-05-01T08:00:00.000400Z']]);
    await insert(beacon.dataSource, [[client, '2026-05-01', 34, '2026-05-01T08:00:00.000100Z']]);
    await insert(beacon.dataSource, [[client, '2026-05-01', 38, '2026-05-01T08:00:00.000300Z']]);
    expect(await summaryOf(client)).toMatchObject({ assessments: 3, first_total: 34, latest_total: 30 });
    await expectSummaryAgrees();
  });

  it('takes a backdated assessment as the new first, and keeps the latest', async () => {
    const client = await newClient();
    await insert(beacon.dataSource, [[client, '2026-03-01', 30, '2026-03-01T12:00:00Z']]);
    await insert(beacon.dataSource, [[client, '2026-04-01', 36, '2026-04-01T12:00:00Z']]);
    await insert(beacon.dataSource, [[client, '2026-01-15', 22, '2026-04-02T12:00:00Z']]);
    expect(await summaryOf(client)).toMatchObject({ assessments: 3, first_total: 22, latest_total: 36 });
    expect((await beacon.dataSource.query(`SELECT first_taken_on::text AS first, latest_taken_on::text AS latest FROM recovery_capital_summary WHERE client_id = $1`, [client]))[0]).toEqual({
      first: '2026-01-15',
      latest: '2026-04-01',
    });
    await expectSummaryAgrees();
  });

  it('combines several assessments of one client written in one statement, alone or with an existing summary and other clients', async () => {
    const [a, b] = [await newClient(), await newClient()];
    await insert(beacon.dataSource, [
      [a, '2026-02-01', 31, '2026-02-01T12:00:00Z'],
      [a, '2026-01-01', 21, '2026-01-01T12:00:00Z'],
    ]);
    expect(await summaryOf(a)).toMatchObject({ assessments: 2, first_total: 21, latest_total: 31 });
    await insert(beacon.dataSource, [
      [b, '2026-01-05', 40, '2026-01-05T12:00:00Z'],
      [a, '2026-03-01', 41, '2026-03-01T12:00:00Z'],
      [a, '2025-12-01', 11, '2025-12-01T12:00:00Z'],
      [a, '2026-01-20', 26, '2026-01-20T12:00:00Z'],
    ]);
    expect(await summaryOf(a)).toMatchObject({ assessments: 5, first_total: 11, latest_total: 41 });
    expect(await summaryOf(b)).toMatchObject({ assessments: 1, first_total: 40, latest_total: 40 });
    await expectSummaryAgrees();
  });

  it('follows a bulk load that skips triggers for foreign keys (session_replication_role = replica)', async () => {
    const client = await newClient();
    await beacon.dataSource.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      await insert(em, [
        [client, '2026-01-01', 20, '2026-01-01T12:00:00Z'],
        [client, '2026-02-01', 28, '2026-02-01T12:00:00Z'],
      ]);
    });
    expect(await summaryOf(client)).toMatchObject({ assessments: 2, first_total: 20, latest_total: 28 });
    await expectSummaryAgrees();
  });

  it("carries over a client's record key and organization should they change", async () => {
    const client = await newClient();
    await insert(beacon.dataSource, [[client, '2026-01-01', 20, '2026-01-01T12:00:00Z']]);
    const { client_key: key } = await summaryOf(client);
    await beacon.dataSource.query(`UPDATE client SET record_key = $2, organization_id = $3 WHERE id = $1`, [client, (key + 1) % 256, w.otherPeer.id]);
    expect(await summaryOf(client)).toMatchObject({ client_key: (key + 1) % 256, organization_id: w.otherPeer.id });
    await expectSummaryAgrees();
  });

  describe('with inserts for one client from two connections at once', () => {
    /** A writes `first` and holds its transaction open; B writes `second` and must wait for A's lock on the summary; A commits, then B. */
    async function concurrently(first: Row, second: Row) {
      const [a, b] = [beacon.dataSource.createQueryRunner(), beacon.dataSource.createQueryRunner()];
      try {
        await a.connect();
        const [{ pid }] = await b.query(`SELECT pg_backend_pid() AS pid`);
        await a.startTransaction();
        await insert(a, [first]);
        const waiting = insert(b, [second]);
        await waitForLock(pid);
        await a.commitTransaction();
        await waiting;
      } finally {
        if (a.isTransactionActive) await a.rollbackTransaction();
        await Promise.all([a.release(), b.release()]);
      }
    }

    async function waitForLock(pid: number) {
      for (let tries = 0; tries < 200; tries++) {
        const [activity] = await beacon.dataSource.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
        if (activity?.wait_event_type === 'Lock') return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the second insert never waited for the first');
    }

    it('loses neither when the client had no summary yet', async () => {
      const client = await newClient();
      await concurrently([client, '2026-02-01', 30, '2026-02-01T12:00:00Z'], [client, '2026-01-01', 20, '2026-01-01T12:00:00Z']);
      expect(await summaryOf(client)).toMatchObject({ assessments: 2, first_total: 20, latest_total: 30 });
      await expectSummaryAgrees();
    });

    it('combines each with what the other wrote when the client had one', async () => {
      const client = await newClient();
      await insert(beacon.dataSource, [[client, '2026-02-01', 30, '2026-02-01T12:00:00Z']]);
      await concurrently([client, '2026-03-01', 38, '2026-03-01T12:00:00Z'], [client, '2026-01-01', 20, '2026-01-01T12:00:00Z']);
      expect(await summaryOf(client)).toMatchObject({ assessments: 3, first_total: 20, latest_total: 38 });
      await expectSummaryAgrees();
    });
  });

  it('is filled from the assessments already there when the migration runs, and removed by its revert', async () => {
    const migration = new RecoveryCapitalSummary1764000006100();
    const runner: QueryRunner = beacon.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const kept = await summaries(runner);
      await migration.down(runner);
      expect(await runner.query(`SELECT to_regclass('recovery_capital_summary') AS summary`)).toEqual([{ summary: null }]);
      await migration.up(runner);
      expect(await summaries(runner)).toEqual(kept);
      await expectSummaryAgrees(runner);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
