import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups of the outcome report for admins (every organization, not grouped by organization),
 * kept by PostgreSQL in the same transaction as every change to a referral, so that such a
 * report sums a few thousand rows instead of reading every referral (src/reports/outcome-rollup.query.ts).
 * Months are counted in one time zone, the one in outcome_rollup_zone; the server rebuilds the
 * rollups at start when DEFAULT_TIME_ZONE is another (src/db/migrate.ts), and the report reads
 * them only when the zones match. ENTERED_IN_ERROR referrals are left out, as in the report.
 *
 *  - outcome_rollup: per month, category and outcome type (null: none yet), every count of the
 *    report with the sum of its records' keys. Counts and key sums add up, so a cell of any
 *    period and any of these dimensions is a sum of rows.
 *  - outcome_rollup_days: how many outcomes took each number of days, per the same cell; the
 *    median is read off the histogram exactly as percentile_cont interpolates it.
 *  - outcome_rollup_clients: unique clients over any range of whole months. For a grain (the
 *    dimensions among category and outcome type a report groups by; '' for the totals), each
 *    client present in a cell in a month is a presence row, with the previous month it was
 *    present in that cell (prev_month). A client is in a cell's [from, to] once, at its first
 *    month there, i.e. the presence row with from <= month <= to and prev_month null or before
 *    from. The table counts presence rows (and sums their clients' keys) per (grain, cell, month,
 *    prev_month), so any range's unique clients and their cell key are sums of rows.
 *
 * The triggers run once per statement over its transition tables, so a bulk insert of a million
 * referrals costs a few grouped scans rather than a million small updates. Counts are changed by
 * upserts in key order (x = x + excluded.x), so concurrent writers never lose an update nor
 * deadlock over the rollup's rows. A client's presence depends on its other referrals, which a
 * concurrent transaction may be changing: so the trigger first takes transaction-level advisory
 * locks on the clients' buckets (hashes of their ids modulo 256, in order: one lock per client
 * would overflow the lock table on a bulk insert), and only then reads the clients' referrals;
 * under READ COMMITTED each statement of the function takes a fresh snapshot, which now holds
 * every committed change to them. Their presence before this statement is what the table holds
 * now minus this statement's change, and the trigger applies the difference. A client's record
 * key is fixed at creation; should it change (tests fix keys), its trigger moves the key sums.
 */

/** The referral rows a statement changed, each with its sign: -1 for what was there, +1 for what now is. */
const SOURCES = {
  insert: `SELECT 1 AS sign, * FROM new_rows`,
  delete: `SELECT -1 AS sign, * FROM old_rows`,
  update: `SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows`,
  rebuild: `SELECT 1 AS sign, * FROM referral`,
};

/** The class of the advisory locks on client buckets (any constant, the same for every instance). */
const CLIENT_LOCKS = 7_240_012;
const BUCKET = (id: string) => `(hashtext(${id}::text) & 255)`;

/**
 * What the report reads of each changed referral, with its sign, as a CTE `changed`; `zone` is a
 * variable of the function. Category and outcome type are only grouped, never ordered for a
 * reader: byte order ("C", as in the rollups' tables) sorts them several times faster than the
 * database's collation.
 */
function changed(source: string): string {
  return `changed AS (
    SELECT r.sign, r.client_id, r.record_key, r.service_category COLLATE "C" AS category, r.outcome_type COLLATE "C" AS outcome_type,
           date_trunc('month', r.created_at AT TIME ZONE zone)::date AS month,
           r.accepted_at IS NOT NULL AS accepted, r.status = 'COMPLETED' AS completed, r.outcome_successful,
           r.outcome_achieved_on - (r.created_at AT TIME ZONE zone)::date AS days
    FROM (${source}) r
    WHERE r.status <> 'ENTERED_IN_ERROR'
  )`;
}

/** Every column of `changed` but its sign: what the rollups read of a referral. */
const CHANGED_COLUMNS = ['client_id', 'record_key', 'category', 'outcome_type', 'month', 'accepted', 'completed', 'outcome_successful', 'days'];

/** The counts of outcome_rollup: each is a sum of signs over the referrals it counts, its key sum beside it. */
const COUNTED: [string, string][] = [
  ['referrals', 'true'],
  ['accepted', 'accepted'],
  ['completed', 'completed'],
  ['successful', 'outcome_successful'],
  ['unsuccessful', 'NOT outcome_successful'],
];
const COUNT_COLUMNS = [...COUNTED.flatMap(([name]) => [name, `${name}_key`]), 'timed_outcomes'];

/**
 * The statements that apply a change to the rollups, for a function with a variable `zone`
 * holding outcome_rollup_zone's zone (and `bucket` for the locks). `locks: false` for the rebuild,
 * which holds the referral table instead.
 */
function applyChange(source: string, { locks }: { locks: boolean }): string {
  const sums = COUNTED.flatMap(([name, filter]) => [
    `coalesce(sum(sign) FILTER (WHERE ${filter}), 0) AS ${name}`,
    `coalesce(sum(sign * record_key) FILTER (WHERE ${filter}), 0) AS ${name}_key`,
  ]);
  const presenceChange = `presence_change AS (
    SELECT client_id, month, category, outcome_type, sum(sign) AS n FROM changed GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
  )`;
  return `
    ${locks ? `FOR bucket IN WITH ${changed(source)}, ${presenceChange} SELECT DISTINCT ${BUCKET('client_id')} FROM presence_change ORDER BY 1 LOOP
      PERFORM pg_advisory_xact_lock(${CLIENT_LOCKS}, bucket);
    END LOOP;` : ''}

    WITH ${changed(source)},
    delta AS (
      SELECT month, category, outcome_type, ${sums.join(', ')}, coalesce(sum(sign) FILTER (WHERE days IS NOT NULL), 0) AS timed_outcomes
      FROM changed GROUP BY 1, 2, 3
    )
    INSERT INTO outcome_rollup AS t (month, category, outcome_type, ${COUNT_COLUMNS.join(', ')})
    SELECT month, category, outcome_type, ${COUNT_COLUMNS.join(', ')} FROM delta
    WHERE (${COUNT_COLUMNS.join(', ')}) IS DISTINCT FROM (${COUNT_COLUMNS.map(() => '0').join(', ')})
    ORDER BY month, category, outcome_type
    ON CONFLICT (month, category, outcome_type) DO UPDATE SET ${COUNT_COLUMNS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')};

    WITH ${changed(source)}
    INSERT INTO outcome_rollup_days AS t (month, category, outcome_type, days, n)
    SELECT month, category, outcome_type, days, sum(sign) FROM changed WHERE days IS NOT NULL
    GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, category, outcome_type, days) DO UPDATE SET n = t.n + excluded.n;

    WITH ${changed(source)}, ${presenceChange}
    ${applyPresence(
      `SELECT DISTINCT p.client_id, c.record_key AS key_before, c.record_key AS key_after FROM presence_change p JOIN client c ON c.id = p.client_id`,
    )};`;
}

/**
 * The upsert of outcome_rollup_clients for the clients of `affected` (client_id, key_before,
 * key_after), whose referral counts per (month, category, outcome type) changed by
 * presence_change (a CTE before it): their presence rows before the change and now, each with
 * its sign and key, summed per row of the table.
 */
function applyPresence(affected: string): string {
  return `, affected AS (${affected}),
    -- Each affected client's counted referrals per (month, category, outcome type) now, and before the change.
    states AS (
      SELECT client_id, month, category, outcome_type, sum(now) - sum(change) AS before, sum(now) AS after
      FROM (
        SELECT r.client_id, date_trunc('month', r.created_at AT TIME ZONE zone)::date AS month,
               r.service_category COLLATE "C" AS category, r.outcome_type COLLATE "C" AS outcome_type, 1 AS now, 0 AS change
        FROM referral r JOIN affected a ON a.client_id = r.client_id
        WHERE r.status <> 'ENTERED_IN_ERROR'
        UNION ALL
        SELECT client_id, month, category, outcome_type, 0, n FROM presence_change
      ) counted
      GROUP BY 1, 2, 3, 4
    ),
    -- Per grain, the months each client was present in a cell, before (sign -1) and now (+1); a
    -- coarser grain's cell repeats a month once per finer cell in it, so only the first of equal
    -- months (the one whose previous month is earlier) is a presence row.
    ordered AS (
      SELECT v.sign, v.key, g.grain, s.client_id, s.month,
             CASE WHEN g.by_category THEN s.category END AS category, CASE WHEN g.by_outcome THEN s.outcome_type END AS outcome_type,
             lag(s.month) OVER (PARTITION BY v.sign, g.grain, s.client_id, CASE WHEN g.by_category THEN s.category END, CASE WHEN g.by_outcome THEN s.outcome_type END
                                ORDER BY s.month) AS prev_month
      FROM states s
      JOIN affected a USING (client_id)
      CROSS JOIN LATERAL (VALUES (-1, s.before, a.key_before), (1, s.after, a.key_after)) v (sign, n, key)
      CROSS JOIN (VALUES ('', false, false), ('category', true, false), ('outcome_type', false, true), ('category,outcome_type', true, true)) g (grain, by_category, by_outcome)
      WHERE v.n > 0
    )
    INSERT INTO outcome_rollup_clients AS t (grain, category, outcome_type, month, prev_month, clients, client_key_sum)
    SELECT grain, category, outcome_type, month, prev_month, sum(sign), sum(sign * key) FROM ordered WHERE prev_month IS DISTINCT FROM month
    GROUP BY 1, 2, 3, 4, 5 HAVING (sum(sign), sum(sign * key)) <> (0, 0)
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (grain, category, outcome_type, month, prev_month) DO UPDATE
      SET clients = t.clients + excluded.clients, client_key_sum = t.client_key_sum + excluded.client_key_sum`;
}

/**
 * Most updates of a referral change nothing the rollups read (a note moves its version and
 * updated_at only): when every row the report reads of them is the same before and after, the
 * trigger stops after one statement instead of running the four of applyChange for nothing.
 */
function unchangedExit(source: string): string {
  return `IF NOT EXISTS (WITH ${changed(source)} SELECT 1 FROM changed GROUP BY ${CHANGED_COLUMNS.join(', ')} HAVING sum(sign) <> 0) THEN
      RETURN NULL;
    END IF;`;
}

/**
 * A bulk insert's change (and the rebuild) groups and sorts a few million rows; with the default
 * 4 MB each sort spilled to disk. Memory is taken only as a statement needs it, so a request's
 * change of one referral costs nothing more.
 */
const MEMORY = `SET work_mem = '64MB'`;

/** A trigger function's declarations and its first step: the zone the rollups count months in. */
const PROLOGUE = `DECLARE zone text; bucket int;
  BEGIN
    SELECT time_zone INTO STRICT zone FROM outcome_rollup_zone;`;

export class OutcomeRollup1764000008000 implements MigrationInterface {
  name = 'OutcomeRollup1764000008000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outcome_rollup_zone (
        single boolean PRIMARY KEY DEFAULT true CHECK (single),
        time_zone text NOT NULL
      );
      CREATE TABLE outcome_rollup (
        month date NOT NULL,
        category text COLLATE "C" NOT NULL,
        outcome_type text COLLATE "C",
        ${COUNT_COLUMNS.map((c) => `${c} int NOT NULL`).join(',\n        ')},
        UNIQUE NULLS NOT DISTINCT (month, category, outcome_type)
      );
      CREATE TABLE outcome_rollup_days (
        month date NOT NULL,
        category text COLLATE "C" NOT NULL,
        outcome_type text COLLATE "C",
        days int NOT NULL,
        n int NOT NULL,
        UNIQUE NULLS NOT DISTINCT (month, category, outcome_type, days)
      );
      CREATE TABLE outcome_rollup_clients (
        grain text NOT NULL CHECK (grain IN ('', 'category', 'outcome_type', 'category,outcome_type')),
        category text COLLATE "C",
        outcome_type text COLLATE "C",
        month date NOT NULL,
        prev_month date CHECK (prev_month < month),
        clients int NOT NULL,
        client_key_sum int NOT NULL,
        UNIQUE NULLS NOT DISTINCT (grain, category, outcome_type, month, prev_month)
      );

      CREATE FUNCTION outcome_rollup_inserted() RETURNS trigger LANGUAGE plpgsql ${MEMORY} AS $$
      ${PROLOGUE} ${applyChange(SOURCES.insert, { locks: true })} RETURN NULL; END $$;
      CREATE FUNCTION outcome_rollup_updated() RETURNS trigger LANGUAGE plpgsql ${MEMORY} AS $$
      ${PROLOGUE} ${unchangedExit(SOURCES.update)} ${applyChange(SOURCES.update, { locks: true })} RETURN NULL; END $$;
      CREATE FUNCTION outcome_rollup_deleted() RETURNS trigger LANGUAGE plpgsql ${MEMORY} AS $$
      ${PROLOGUE} ${applyChange(SOURCES.delete, { locks: true })} RETURN NULL; END $$;
      CREATE TRIGGER outcome_rollup_inserted AFTER INSERT ON referral REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_inserted();
      CREATE TRIGGER outcome_rollup_updated AFTER UPDATE ON referral REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_updated();
      CREATE TRIGGER outcome_rollup_deleted AFTER DELETE ON referral REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_deleted();
      -- ALWAYS: the synthetic generator inserts with session_replication_role = replica (to skip
      -- foreign-key checks), and the rollups must count its referrals all the same.
      ALTER TABLE referral ENABLE ALWAYS TRIGGER outcome_rollup_inserted;
      ALTER TABLE referral ENABLE ALWAYS TRIGGER outcome_rollup_updated;
      ALTER TABLE referral ENABLE ALWAYS TRIGGER outcome_rollup_deleted;

      -- A client's key moves the key sums of its presence rows (no referral count changes).
      CREATE FUNCTION outcome_rollup_client_keys() RETURNS trigger LANGUAGE plpgsql ${MEMORY} AS $$
      ${PROLOGUE}
        FOR bucket IN SELECT DISTINCT ${BUCKET('n.id')} FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.record_key <> n.record_key ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(${CLIENT_LOCKS}, bucket);
        END LOOP;
        WITH presence_change AS (SELECT NULL::uuid AS client_id, NULL::date AS month, NULL::text AS category, NULL::text AS outcome_type, 0::bigint AS n WHERE false)
        ${applyPresence(`SELECT n.id AS client_id, o.record_key AS key_before, n.record_key AS key_after FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.record_key <> n.record_key`)};
        RETURN NULL;
      END $$;
      CREATE TRIGGER outcome_rollup_client_keys AFTER UPDATE ON client REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION outcome_rollup_client_keys();
      ALTER TABLE client ENABLE ALWAYS TRIGGER outcome_rollup_client_keys;

      -- The rollups counted afresh in months of another zone. Writers wait meanwhile (SHARE), and
      -- the zone's row is written first, so a report that checked the zone (FOR SHARE) reads
      -- either the old rollups or the new ones.
      CREATE FUNCTION outcome_rollup_rebuild(new_zone text) RETURNS void LANGUAGE plpgsql ${MEMORY} AS $$
      DECLARE zone text := new_zone;
      BEGIN
        LOCK TABLE referral IN SHARE MODE;
        INSERT INTO outcome_rollup_zone (time_zone) VALUES (new_zone) ON CONFLICT (single) DO UPDATE SET time_zone = excluded.time_zone;
        TRUNCATE outcome_rollup, outcome_rollup_days, outcome_rollup_clients;
        ${applyChange(SOURCES.rebuild, { locks: false })}
        -- Statistics now: the report's plan over the new rows took twice as long without them.
        ANALYZE outcome_rollup, outcome_rollup_days, outcome_rollup_clients;
      END $$;

      -- The server's default zone (config.ts); a server in another one rebuilds at start. Over a
      -- million referrals this takes longer than a request may (STATEMENT_TIMEOUT_MS).
      SET LOCAL statement_timeout = 0;
      SELECT outcome_rollup_rebuild('America/New_York');
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER outcome_rollup_client_keys ON client;
      DROP TRIGGER outcome_rollup_deleted ON referral;
      DROP TRIGGER outcome_rollup_updated ON referral;
      DROP TRIGGER outcome_rollup_inserted ON referral;
      DROP FUNCTION outcome_rollup_rebuild(text), outcome_rollup_client_keys(), outcome_rollup_deleted(), outcome_rollup_updated(), outcome_rollup_inserted();
      DROP TABLE outcome_rollup_clients, outcome_rollup_days, outcome_rollup, outcome_rollup_zone;
    `);
  }
}
