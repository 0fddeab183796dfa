import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resource directory in Open Referral HSDS 3.1 shape (service, location, service_at_location,
 * address, phone, schedule, language, cost_option, service_capacity, taxonomy_term, attribute,
 * metadata), widened where Beacon needs more (category, populations, insurance, confidentiality,
 * a location's time zone). Search indexes live in the DirectorySearch migration.
 */
export class Directory1764000001000 implements MigrationInterface {
  name = 'Directory1764000001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE taxonomy_term (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        description text,
        category text NOT NULL,
        parent_id uuid REFERENCES taxonomy_term (id),
        taxonomy text NOT NULL DEFAULT 'beacon',
        position int NOT NULL DEFAULT 0
      );
      CREATE INDEX taxonomy_term_parent_idx ON taxonomy_term (parent_id, position, code);
      -- "A term and every term below it" is a prefix test on the dotted code.
      CREATE INDEX taxonomy_term_code_prefix_idx ON taxonomy_term (code text_pattern_ops);

      CREATE TABLE service (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        category text NOT NULL CHECK (category IN ('HOUSING','EMPLOYMENT','TREATMENT','RECOVERY_SUPPORT','EDUCATION','HEALTH_CARE','BASIC_NEEDS','LEGAL','FINANCIAL','TRANSPORTATION')),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','INACTIVE','DEFUNCT','TEMPORARILY_CLOSED')),
        minimum_age int CHECK (minimum_age BETWEEN 0 AND 120),
        maximum_age int CHECK (maximum_age BETWEEN 0 AND 120),
        eligibility_description text,
        populations text[] NOT NULL DEFAULT '{}',
        accepted_insurance text[] NOT NULL DEFAULT '{}',
        required_documents text[] NOT NULL DEFAULT '{}',
        application_process text,
        url text,
        email text,
        assured_date timestamptz(3),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age)
      );
      CREATE INDEX service_organization_idx ON service (organization_id, lower(name), id);

      CREATE TABLE attribute (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        link_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        link_type text NOT NULL DEFAULT 'service',
        link_entity text NOT NULL DEFAULT 'service',
        taxonomy_term_id uuid NOT NULL REFERENCES taxonomy_term (id),
        UNIQUE (link_id, taxonomy_term_id)
      );
      CREATE INDEX attribute_term_idx ON attribute (taxonomy_term_id, link_id);

      CREATE TABLE language (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        code text NOT NULL,
        position int NOT NULL DEFAULT 0,
        UNIQUE (service_id, code)
      );
      CREATE INDEX language_code_idx ON language (code, service_id);

      CREATE TABLE location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        name text,
        confidential boolean NOT NULL DEFAULT false,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        time_zone text NOT NULL,
        accessibility text[] NOT NULL DEFAULT '{}',
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      );
      CREATE INDEX location_organization_idx ON location (organization_id);

      CREATE TABLE service_at_location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        location_id uuid NOT NULL REFERENCES location (id) ON DELETE CASCADE,
        position int NOT NULL DEFAULT 0,
        UNIQUE (service_id, location_id)
      );
      CREATE INDEX service_at_location_location_idx ON service_at_location (location_id, service_id);

      CREATE TABLE address (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        location_id uuid NOT NULL UNIQUE REFERENCES location (id) ON DELETE CASCADE,
        address_1 text NOT NULL,
        address_2 text,
        city text NOT NULL,
        state_province text NOT NULL,
        postal_code text NOT NULL,
        country text NOT NULL,
        address_type text NOT NULL DEFAULT 'physical'
      );

      CREATE TABLE phone (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        location_id uuid NOT NULL REFERENCES location (id) ON DELETE CASCADE,
        number text NOT NULL,
        type text,
        description text,
        position int NOT NULL DEFAULT 0
      );
      CREATE INDEX phone_location_idx ON phone (location_id, position);

      -- HSDS schedule, one row per weekday and opening: byday 1 (Monday) to 7 (Sunday), ISO.
      -- closes_at 24:00 ends the day; closes_at before opens_at runs past midnight.
      CREATE TABLE schedule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        location_id uuid NOT NULL REFERENCES location (id) ON DELETE CASCADE,
        byday int NOT NULL CHECK (byday BETWEEN 1 AND 7),
        opens_at time NOT NULL,
        closes_at time NOT NULL,
        CHECK (opens_at <> closes_at AND opens_at < '24:00')
      );
      CREATE INDEX schedule_location_idx ON schedule (location_id, byday, opens_at);

      CREATE TABLE cost_option (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        option text NOT NULL,
        amount numeric(12,2),
        currency text,
        position int NOT NULL DEFAULT 0
      );
      CREATE INDEX cost_option_service_idx ON cost_option (service_id, position);

      CREATE TABLE service_capacity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL UNIQUE REFERENCES service (id) ON DELETE CASCADE,
        available int NOT NULL CHECK (available >= 0),
        maximum int CHECK (maximum >= 0),
        unit text NOT NULL,
        updated timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (maximum IS NULL OR available <= maximum)
      );
      CREATE INDEX service_capacity_available_idx ON service_capacity (service_id) WHERE available > 0;

      -- HSDS metadata: one row per changed field of a resource, who changed it and when.
      CREATE TABLE metadata (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL,
        resource_type text NOT NULL,
        last_action_date timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        last_action_type text NOT NULL,
        field_name text NOT NULL,
        previous_value jsonb,
        replacement_value jsonb,
        updated_by_id uuid REFERENCES app_user (id)
      );
      CREATE INDEX metadata_resource_idx ON metadata (resource_id, last_action_date DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE metadata; DROP TABLE service_capacity; DROP TABLE cost_option; DROP TABLE schedule;
      DROP TABLE phone; DROP TABLE address; DROP TABLE service_at_location; DROP TABLE location;
      DROP TABLE language; DROP TABLE attribute; DROP TABLE service; DROP TABLE taxonomy_term;
    `);
  }
}
