import { MigrationInterface, QueryRunner } from 'typeorm';

/** Referrals, their history and notes, with the indexes the lists and the follow-up queue read through. */
export class Referrals1764000003000 implements MigrationInterface {
  name = 'Referrals1764000003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client (id),
        service_id uuid NOT NULL REFERENCES service (id),
        receiving_organization_id uuid NOT NULL REFERENCES organization (id),
        referring_organization_id uuid NOT NULL REFERENCES organization (id),
        referred_by_id uuid NOT NULL REFERENCES app_user (id),
        goal_id uuid REFERENCES goal (id),
        status text NOT NULL CHECK (status IN ('DRAFT','REQUESTED','ACCEPTED','REJECTED','IN_PROGRESS','ON_HOLD','COMPLETED','FAILED','CANCELLED','ENTERED_IN_ERROR')),
        urgency text NOT NULL DEFAULT 'ROUTINE' CHECK (urgency IN ('ROUTINE','URGENT','EMERGENCY')),
        version int NOT NULL DEFAULT 1,
        idempotency_key text,
        service_category text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        accepted_at timestamptz(3),
        follow_up_due timestamptz(3),
        outcome_type text CHECK (outcome_type IN ('HOUSED','EMPLOYED','ENROLLED_IN_EDUCATION','ENTERED_TREATMENT','COMPLETED_TREATMENT','SERVICE_RECEIVED','NOT_ELIGIBLE','NO_CAPACITY','CLIENT_DECLINED','LOST_CONTACT','REFERRED_ELSEWHERE')),
        outcome_successful boolean,
        outcome_achieved_on date,
        outcome_note text,
        outcome_recorded_by_id uuid REFERENCES app_user (id),
        outcome_recorded_at timestamptz(3),
        CHECK ((outcome_type IS NULL) = (outcome_recorded_at IS NULL))
      );
      -- Idempotency keys belong to the referring coach.
      CREATE UNIQUE INDEX referral_idempotency_key ON referral (referred_by_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      -- Lists: most recently updated first, per side (supervisors and SENT, agencies and RECEIVED, a client's, admins').
      CREATE INDEX referral_referring_updated_idx ON referral (referring_organization_id, updated_at DESC, id DESC);
      CREATE INDEX referral_receiving_updated_idx ON referral (receiving_organization_id, updated_at DESC, id DESC);
      CREATE INDEX referral_client_updated_idx ON referral (client_id, updated_at DESC, id DESC);
      CREATE INDEX referral_updated_idx ON referral (updated_at DESC, id DESC);
      CREATE INDEX referral_service_idx ON referral (service_id);
      -- The follow-up queue: open referrals only (closed ones have no follow_up_due), most overdue first.
      CREATE INDEX referral_referring_follow_up_idx ON referral (referring_organization_id, follow_up_due, id) WHERE follow_up_due IS NOT NULL;
      CREATE INDEX referral_receiving_follow_up_idx ON referral (receiving_organization_id, follow_up_due, id) WHERE follow_up_due IS NOT NULL;
      CREATE INDEX referral_follow_up_idx ON referral (follow_up_due, id) WHERE follow_up_due IS NOT NULL;

      CREATE TABLE referral_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referral (id),
        from_status text,
        to_status text NOT NULL,
        reason text,
        actor_id uuid NOT NULL REFERENCES app_user (id),
        on_behalf_of_agency boolean NOT NULL DEFAULT false,
        at timestamptz(3) NOT NULL DEFAULT now(),
        version int NOT NULL,
        UNIQUE (referral_id, version)
      );

      CREATE TABLE referral_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referral (id),
        kind text NOT NULL CHECK (kind IN ('NOTE','CALL','MEETING','ACCOMPANIED_CLIENT','APPLICATION_HELP','ADVOCACY')),
        body text NOT NULL,
        author_id uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX referral_note_referral_idx ON referral_note (referral_id, created_at, id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE referral_note; DROP TABLE referral_event; DROP TABLE referral;`);
  }
}
