import { MigrationInterface, QueryRunner } from 'typeorm';

/** A per-user token version: tokens carry it, and a password change or reset increments it to end every earlier token. */
export class TokenVersion1764000005300 implements MigrationInterface {
  name = 'TokenVersion1764000005300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP COLUMN token_version`);
  }
}
