import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the outcome report's privacy rules need in the database:
 *  - a record key on every referral and every client: a random number from 0 to 255, fixed at
 *    creation and never shown, from which the report's cell key perturbation is computed
 *    (src/reports/cell-key.ts). The default draws one byte of a random UUID (gen_random_uuid
 *    uses the server's strong random source); adding a column with a volatile default
 *    evaluates it for every existing row, so each row already there gets its own key;
 *  - the report's covering indexes again, with the referral's key, so the report still reads
 *    them index-only;
 *  - `details` on audit events, for the parameters of each report. The table stays append-only
 *    (its triggers refuse UPDATE, DELETE and TRUNCATE).
 */
const RANDOM_KEY = `(get_byte(uuid_send(gen_random_uuid()), 0))::smallint`;

export class ReportRecordKeys1764000005200 implements MigrationInterface {
  name = 'ReportRecordKeys1764000005200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE referral ADD COLUMN record_key smallint NOT NULL DEFAULT ${RANDOM_KEY} CHECK (record_key BETWEEN 0 AND 255);
      ALTER TABLE client ADD COLUMN record_key smallint NOT NULL DEFAULT ${RANDOM_KEY} CHECK (record_key BETWEEN 0 AND 255);
      DROP INDEX referral_report_organization_idx;
      DROP INDEX referral_report_created_idx;
      CREATE INDEX referral_report_organization_idx ON referral (receiving_organization_id, created_at)
        INCLUDE (service_category, outcome_type, status, accepted_at, outcome_successful, outcome_achieved_on, client_id, record_key);
      CREATE INDEX referral_report_created_idx ON referral (created_at)
        INCLUDE (receiving_organization_id, service_category, outcome_type, status, accepted_at, outcome_successful, outcome_achieved_on, client_id, record_key);
      ALTER TABLE audit_event ADD COLUMN details jsonb;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE audit_event DROP COLUMN details;
      DROP INDEX referral_report_organization_idx;
      DROP INDEX referral_report_created_idx;
      ALTER TABLE client DROP COLUMN record_key;
      ALTER TABLE referral DROP COLUMN record_key;
      CREATE INDEX referral_report_organization_idx ON referral (receiving_organization_id, created_at)
        INCLUDE (service_category, outcome_type, status, accepted_at, outcome_successful, outcome_achieved_on, client_id);
      CREATE INDEX referral_report_created_idx ON referral (created_at)
        INCLUDE (receiving_organization_id, service_category, outcome_type, status, accepted_at, outcome_successful, outcome_achieved_on, client_id);
    `);
  }
}
