import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caller's X-Request-Id, kept beside the server's own request id rather than in its place.
 * Adding a column fires no row trigger, so audit_event stays append-only.
 */
export class AuditCorrelationId1764000005500 implements MigrationInterface {
  name = 'AuditCorrelationId1764000005500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_event ADD COLUMN correlation_id text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_event DROP COLUMN correlation_id`);
  }
}
