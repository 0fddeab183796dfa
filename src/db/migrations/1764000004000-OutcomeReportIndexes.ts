import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering indexes for the outcome report: they hold every column the report reads, so it
 * scans them index-only instead of the wide referral rows (notes, reasons, idempotency keys).
 * By receiving organization first for funders, who see a handful of grantees; by creation
 * time first for admins, whose reports cover every organization over a period.
 */
export class OutcomeReportIndexes1764000004000 implements MigrationInterface {
  name = 'OutcomeReportIndexes1764000004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX referral_report_organization_idx ON referral (receiving_organization_id, created_at)
        INCLUDE (service_category, outcome_type, status, accepted_at, outcome_successful, outcome_achieved_on, client_id);
      CREATE INDEX referral_report_created_idx ON referral (created_at)
        INCLUDE (receiving_organization_id, service_category, outcome_type, status, accepted_at, outcome_successful, outcome_achieved_on, client_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX referral_report_created_idx; DROP INDEX referral_report_organization_idx;`);
  }
}
