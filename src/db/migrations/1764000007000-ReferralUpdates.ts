import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifications outbox: one row per committed change to a referral, written in the
 * change's own transaction (so a rolled-back change leaves none), from which subscriptions
 * and webhooks are served.
 */
export class ReferralUpdates1764000007000 implements MigrationInterface {
  name = 'ReferralUpdates1764000007000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE referral_update (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referral (id),
        kind text NOT NULL CHECK (kind IN ('CREATED', 'STATUS_CHANGED', 'NOTE_ADDED', 'OUTCOME_RECORDED')),
        -- The referral's version and status once the change was made: receivers order by version.
        version int NOT NULL,
        status text NOT NULL,
        receiving_organization_id uuid NOT NULL REFERENCES organization (id),
        referring_organization_id uuid NOT NULL REFERENCES organization (id),
        -- Whether the referral had been sent by then: the receiving organization never hears of a draft.
        sent boolean NOT NULL,
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX referral_update_referral_idx ON referral_update (referral_id, version);
      CREATE INDEX referral_update_at_idx ON referral_update (at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE referral_update');
  }
}
