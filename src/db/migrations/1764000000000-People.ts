import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizations, people, certifications, grants, and the append-only audit log. */
export class People1764000000000 implements MigrationInterface {
  name = 'People1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        kinds text[] NOT NULL CHECK (kinds <@ ARRAY['PROVIDER','PEER_SUPPORT','FUNDER'] AND cardinality(kinds) > 0),
        email text,
        website text,
        phone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX organization_name_id_idx ON organization (lower(name), id);
      CREATE INDEX organization_kinds_idx ON organization USING gin (kinds);

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN','COACH','SUPERVISOR','AGENCY_STAFF','FUNDER')),
        coach_kind text CHECK (coach_kind IN ('PEER_SUPPORT_WORKER','RECOVERY_COACH')),
        organization_id uuid REFERENCES organization (id),
        supervisor_id uuid REFERENCES app_user (id),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role = 'ADMIN' OR organization_id IS NOT NULL)
      );
      CREATE UNIQUE INDEX app_user_email_key ON app_user (email);
      CREATE INDEX app_user_organization_idx ON app_user (organization_id, lower(name), id);
      CREATE INDEX app_user_name_idx ON app_user (lower(name), id);

      CREATE TABLE certification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        name text NOT NULL,
        issuer text NOT NULL,
        number text,
        issued_on date,
        expires_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on)
      );
      CREATE INDEX certification_user_idx ON certification (user_id);

      CREATE TABLE funder_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        funder_id uuid NOT NULL REFERENCES organization (id),
        grantee_id uuid NOT NULL REFERENCES organization (id),
        starts_on date NOT NULL,
        ends_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      );
      CREATE INDEX funder_grant_funder_idx ON funder_grant (funder_id);
      CREATE INDEX funder_grant_grantee_idx ON funder_grant (grantee_id);

      -- subject_organization_id: the organization whose client the event concerns, so supervisors read their own.
      CREATE TABLE audit_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp(), -- ms precision: keyset cursors carry JS dates
        actor_id uuid REFERENCES app_user (id),
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid,
        subject_organization_id uuid REFERENCES organization (id),
        request_id text
      );
      CREATE INDEX audit_event_at_idx ON audit_event (at DESC, id DESC);
      CREATE INDEX audit_event_subject_idx ON audit_event (subject_organization_id, at DESC, id DESC);
      CREATE INDEX audit_event_entity_idx ON audit_event (entity_id, at DESC);
      CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, at DESC);

      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events cannot be changed or deleted';
      END $$;
      CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_event; DROP FUNCTION audit_event_is_append_only();
      DROP TABLE funder_grant; DROP TABLE certification; DROP TABLE app_user; DROP TABLE organization;
    `);
  }
}
