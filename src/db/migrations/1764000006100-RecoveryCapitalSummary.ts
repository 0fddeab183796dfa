import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each end of a client's assessments, in Client.assessments' order (taken_on, created_at, id). */
const END_COLUMNS = ['taken_on', 'created_at', 'id', 'total'];
const ORDER = (end: string, table: string) => `(${table}.${end}_taken_on, ${table}.${end}_created_at, ${table}.${end}_id)`;

/**
 * Adds `assessments` (recovery_assessment rows) to the summary: per client, how many, the first
 * and the latest. One sort gives both ends: DISTINCT ON keeps each client's first row, and
 * last_value over the client's whole partition (same order) reads its latest, so a bulk insert
 * stays one pass however many clients it touches. Rows go in client order, so two statements
 * over the same clients lock their summaries in the same order.
 *
 * A client already summarised is combined with what it holds: counts add, the first is replaced
 * only by one that sorts before it, the latest only by one that sorts after. The SET expressions
 * read the target row as ON CONFLICT locked it (its latest committed version: a concurrent
 * insert for the same client waits for that lock, then combines with the other's result), so
 * the combination is the same in whatever order assessments arrive and no insert is lost.
 */
function summarise(assessments: string): string {
  const latest = (column: string) => `last_value(a.${column}) OVER whole AS latest_${column}`;
  const combined = (end: 'first' | 'latest', sorts: '<' | '>') =>
    END_COLUMNS.map((col) => `${end}_${col} = CASE WHEN ${ORDER(end, 'EXCLUDED')} ${sorts} ${ORDER(end, 's')} THEN EXCLUDED.${end}_${col} ELSE s.${end}_${col} END`);
  return `
    INSERT INTO recovery_capital_summary AS s (
      client_id, organization_id, client_key, assessments,
      ${END_COLUMNS.map((col) => `first_${col}`).join(', ')}, ${END_COLUMNS.map((col) => `latest_${col}`).join(', ')}
    )
    SELECT e.client_id, c.organization_id, c.record_key, e.assessments,
           ${END_COLUMNS.map((col) => `e.first_${col}`).join(', ')}, ${END_COLUMNS.map((col) => `e.latest_${col}`).join(', ')}
      FROM (
        SELECT DISTINCT ON (a.client_id) a.client_id, count(*) OVER whole AS assessments,
               ${END_COLUMNS.map((col) => `a.${col} AS first_${col}`).join(', ')}, ${END_COLUMNS.map(latest).join(', ')}
          FROM ${assessments} a
        WINDOW whole AS (PARTITION BY a.client_id ORDER BY a.taken_on, a.created_at, a.id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
         ORDER BY a.client_id, a.taken_on, a.created_at, a.id
      ) e
      JOIN client c ON c.id = e.client_id
     ORDER BY e.client_id
    ON CONFLICT (client_id) DO UPDATE SET
      assessments = s.assessments + EXCLUDED.assessments,
      ${[...combined('first', '<'), ...combined('latest', '>')].join(',\n      ')}`;
}

/**
 * The recovery capital report counts clients with two or more assessments whose first falls in
 * the period, by the change from their first total to their latest. Finding each client's first
 * and latest among all assessments at report time took 0.9 to 2 s over 200,000 clients (about
 * 700,000 assessments), even index-only. Assessments are never edited or deleted, so PostgreSQL
 * keeps one row per client instead, added to by a statement-level trigger on every insert, and
 * the report is one index scan over the clients whose first assessment falls in the period.
 * The client's organization and record key are copied in, so the scan needs no join: a client
 * never changes organization (a hand-off stays within it) and its key is fixed at creation, but
 * should either be set all the same, a trigger on client carries it over, so the copy cannot
 * disagree with the client.
 */
export class RecoveryCapitalSummary1764000006100 implements MigrationInterface {
  name = 'RecoveryCapitalSummary1764000006100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recovery_capital_summary (
        client_id uuid PRIMARY KEY REFERENCES client (id),
        organization_id uuid NOT NULL,
        -- The client's record_key, named apart: only ReportRecordKeys adds columns of that name, and its revert removes them all.
        client_key smallint NOT NULL,
        assessments int NOT NULL,
        first_taken_on date NOT NULL,
        first_created_at timestamptz NOT NULL,
        first_id uuid NOT NULL,
        first_total int NOT NULL,
        latest_taken_on date NOT NULL,
        latest_created_at timestamptz NOT NULL,
        latest_id uuid NOT NULL,
        latest_total int NOT NULL
      );
      -- The report: clients with a change (two or more assessments) by the day of their first, read index-only.
      CREATE INDEX recovery_capital_summary_report_idx ON recovery_capital_summary (first_taken_on)
        INCLUDE (organization_id, client_key, first_total, latest_total) WHERE assessments >= 2;

      CREATE FUNCTION recovery_capital_summary_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${summarise('inserted')};
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER recovery_capital_summary_add AFTER INSERT ON recovery_assessment
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION recovery_capital_summary_add();

      -- The test is in the body rather than in UPDATE OF or WHEN, which would make the trigger
      -- depend on those columns and keep an earlier migration from dropping them on its way down.
      CREATE FUNCTION recovery_capital_summary_client() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.organization_id, NEW.record_key) IS DISTINCT FROM (OLD.organization_id, OLD.record_key) THEN
          UPDATE recovery_capital_summary SET organization_id = NEW.organization_id, client_key = NEW.record_key WHERE client_id = NEW.id;
        END IF;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER recovery_capital_summary_client AFTER UPDATE ON client
        FOR EACH ROW EXECUTE FUNCTION recovery_capital_summary_client();
      -- ALWAYS: bulk loads run with session_replication_role = replica to skip foreign-key checks,
      -- and the summary must follow their rows all the same.
      ALTER TABLE recovery_assessment ENABLE ALWAYS TRIGGER recovery_capital_summary_add;
      ALTER TABLE client ENABLE ALWAYS TRIGGER recovery_capital_summary_client;
    `);
    // The trigger holds off inserts until this commits, so the assessments summarised here are all there are.
    await db.query(summarise('recovery_assessment'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER recovery_capital_summary_client ON client;
      DROP FUNCTION recovery_capital_summary_client();
      DROP TRIGGER recovery_capital_summary_add ON recovery_assessment;
      DROP FUNCTION recovery_capital_summary_add();
      DROP TABLE recovery_capital_summary;
    `);
  }
}
