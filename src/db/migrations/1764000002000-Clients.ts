import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A peer-support organization's caseload: clients, the consents they give to share with
 * other organizations, and their goals. The referral table (referrals domain) refers to
 * client and goal; this migration must not refer to it.
 */
export class Clients1764000002000 implements MigrationInterface {
  name = 'Clients1764000002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE client (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        assigned_coach_id uuid REFERENCES app_user (id),
        alias text NOT NULL CHECK (length(alias) BETWEEN 1 AND 100),
        first_name text,
        last_name text,
        phone text,
        email text,
        birth_year int CHECK (birth_year BETWEEN 1900 AND 2100),
        postal_code text,
        languages text[] NOT NULL DEFAULT '{}',
        contact_preference text NOT NULL DEFAULT 'PHONE'
          CHECK (contact_preference IN ('PHONE','TEXT','EMAIL','DO_NOT_CONTACT')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      -- The two caseload lists, each ordered by alias (keyset on lower(alias), id).
      CREATE INDEX client_organization_alias_idx ON client (organization_id, lower(alias), id);
      CREATE INDEX client_coach_alias_idx ON client (assigned_coach_id, lower(alias), id);
      -- The duplicate check: same first name, last name and birth year in one organization.
      CREATE INDEX client_duplicate_idx ON client (organization_id, lower(last_name), lower(first_name), birth_year)
        WHERE last_name IS NOT NULL AND first_name IS NOT NULL AND birth_year IS NOT NULL;

      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        scope text NOT NULL CHECK (scope IN ('SHARE_CONTACT','SHARE_NOTES')),
        method text NOT NULL CHECK (method IN ('VERBAL','WRITTEN','ELECTRONIC')),
        granted_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3),
        revoked_at timestamptz(3),
        recorded_by_id uuid NOT NULL REFERENCES app_user (id),
        CHECK (expires_at IS NULL OR expires_at > granted_at)
      );
      CREATE INDEX consent_client_idx ON consent (client_id, granted_at);
      -- hasActiveConsent: (client, organization, scope) among the unrevoked.
      CREATE INDEX consent_active_idx ON consent (client_id, organization_id, scope) WHERE revoked_at IS NULL;

      CREATE TABLE goal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client (id),
        domain text NOT NULL CHECK (domain IN ('HOUSING','EMPLOYMENT','EDUCATION','TREATMENT','RECOVERY','HEALTH','RELATIONSHIPS','LEGAL','FINANCIAL')),
        description text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','ACHIEVED','ABANDONED')),
        target_date date,
        achieved_on date,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((status = 'ACHIEVED') = (achieved_on IS NOT NULL))
      );
      CREATE INDEX goal_client_idx ON goal (client_id, created_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE goal; DROP TABLE consent; DROP TABLE client;`);
  }
}
