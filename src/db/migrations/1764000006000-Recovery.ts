import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recovery work with a client: one relapse prevention plan each (with a field-level history of
 * its changes), BARC-10 recovery capital assessments (never edited or deleted), and the warm
 * hand-offs that moved a client from one coach to another.
 */
export class Recovery1764000006000 implements MigrationInterface {
  name = 'Recovery1764000006000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recovery_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL UNIQUE REFERENCES client (id),
        version int NOT NULL DEFAULT 1,
        triggers text[] NOT NULL DEFAULT '{}',
        warning_signs text[] NOT NULL DEFAULT '{}',
        coping_strategies text[] NOT NULL DEFAULT '{}',
        -- [{ name, relationship, phone }]
        support_contacts jsonb NOT NULL DEFAULT '[]',
        crisis_plan text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_by_id uuid NOT NULL REFERENCES app_user (id)
      );

      -- Who changed which field of a plan, when, from what to what. Kept apart from the
      -- directory's metadata table: a plan is a person's record, never part of an HSDS export.
      CREATE TABLE recovery_plan_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES recovery_plan (id),
        version int NOT NULL,
        field text NOT NULL,
        previous_value jsonb,
        new_value jsonb,
        changed_by_id uuid NOT NULL REFERENCES app_user (id),
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX recovery_plan_change_plan_idx ON recovery_plan_change (plan_id, at);

      CREATE TABLE recovery_assessment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client (id),
        instrument text NOT NULL DEFAULT 'BARC_10' CHECK (instrument = 'BARC_10'),
        taken_on date NOT NULL,
        items smallint[] NOT NULL CHECK (
          cardinality(items) = 10 AND array_position(items, NULL) IS NULL
          AND 1 <= ALL (items) AND 6 >= ALL (items)
        ),
        total int GENERATED ALWAYS AS (
          items[1] + items[2] + items[3] + items[4] + items[5] + items[6] + items[7] + items[8] + items[9] + items[10]
        ) STORED,
        recorded_by_id uuid NOT NULL REFERENCES app_user (id),
        -- The time of the insert (not of the transaction's start, which may precede a wait for
        -- the client's row lock), to microseconds: it orders a day's assessments as recorded.
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      -- Client.assessments (oldest first), and each client's first and latest for the report.
      CREATE INDEX recovery_assessment_client_idx ON recovery_assessment (client_id, taken_on, created_at, id);

      CREATE TABLE client_handoff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client (id),
        from_coach_id uuid REFERENCES app_user (id),
        to_coach_id uuid NOT NULL REFERENCES app_user (id),
        handed_off_by_id uuid NOT NULL REFERENCES app_user (id),
        note text,
        -- As recovery_assessment.created_at: hand-offs of one client wait for each other's
        -- row lock, so only the insert's own time orders them as they happened.
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX client_handoff_client_idx ON client_handoff (client_id, at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE client_handoff; DROP TABLE recovery_assessment; DROP TABLE recovery_plan_change; DROP TABLE recovery_plan;`);
  }
}
