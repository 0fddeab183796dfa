import { MigrationInterface, QueryRunner } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';

/** Beacon's own taxonomy as an HSDS taxonomy record: its terms carry this taxonomy_id. */
export const BEACON_TAXONOMY_ID = '8d9bc03c-92a7-4075-b7d1-05bc4272ad34';

/** DirectoryBulkRefresh's service_places_refresh, with `located` choosing the locations that count as places. */
const placesRefresh = (located: string) => `
      CREATE OR REPLACE FUNCTION service_places_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE service s SET
          location_cells = earth_cells_of(located.latitudes, located.longitudes),
          location_latitudes = located.latitudes,
          location_longitudes = located.longitudes,
          location_confidential = located.confidential
        FROM (
          SELECT target.id,
                 coalesce(array_agg(l.latitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS latitudes,
                 coalesce(array_agg(l.longitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS longitudes,
                 coalesce(array_agg(l.confidential ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS confidential
          FROM (SELECT DISTINCT id FROM unnest(ids) AS id) target
          LEFT JOIN (service_at_location sal JOIN location l ON l.id = sal.location_id AND ${located})
            ON sal.service_id = target.id
          GROUP BY target.id
        ) located
        WHERE s.id = located.id
          AND (s.location_latitudes, s.location_longitudes, s.location_confidential)
              IS DISTINCT FROM (located.latitudes, located.longitudes, located.confidential)
      $$;`;

/**
 * The whole HSDS 3.1 model, so that nothing read from HSDS is dropped and an export gives the
 * same records back: the objects the directory lacked (taxonomy, program, service_area,
 * contact, funding, organization_identifier, url, unit, required_document, accessibility,
 * meta_table_description, and schedule records as published), and every HSDS field of the
 * objects it had. Beacon's own fields (category, populations, insurance, confidentiality, time
 * zones, search columns) stay.
 *
 * HSDS references may point outside the data at hand (the official examples' do: a location's
 * organization, a term's parent, a capacity's unit), so the new references carry no foreign key;
 * the import checks the ones Beacon needs (a service's organization, a link's service and
 * location, an attribute's term). Where HSDS is looser than Beacon was, the constraint follows
 * HSDS: attributes of any object, phones and languages of any object, a location without an
 * organization, a capacity of a service not (yet) listed, several addresses per location (one of
 * each type), imported taxonomies whose
 * codes repeat Beacon's, a capacity above its maximum (a count is a count).
 *
 * HSDS schedules are RFC 5545 rules (byday "MO,TU", monthly, valid ranges) attached to a service,
 * a location or a service at a location; Beacon's `schedule` rows are weekly openings per
 * location, which search computes with. The rules are kept in `hsds_schedule`, and the import
 * derives a location's weekly openings from its WEEKLY rules (`schedule.source_id`).
 *
 * A latitude outside ±90 names no place, but the official examples carry one (100, a
 * placeholder): it is kept as given so that the record exports as it came, and the places
 * refresh leaves such a location off the map. Beyond ±180 it is no coordinate at all.
 */
export class HsdsModel1764000009000 implements MigrationInterface {
  name = 'HsdsModel1764000009000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE taxonomy (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL,
        uri text,
        version text
      );
      INSERT INTO taxonomy (id, name, description, version)
      VALUES ('${BEACON_TAXONOMY_ID}', 'Beacon', 'Beacon''s resource categories for peer support and recovery coaching, and their terms.', '1');

      ALTER TABLE taxonomy_term
        ADD COLUMN taxonomy_id uuid,
        ADD COLUMN language text,
        ADD COLUMN term_uri text,
        ALTER COLUMN code DROP NOT NULL,
        ALTER COLUMN category DROP NOT NULL,
        ALTER COLUMN taxonomy DROP NOT NULL,
        ALTER COLUMN taxonomy DROP DEFAULT,
        DROP CONSTRAINT taxonomy_term_code_key,
        DROP CONSTRAINT taxonomy_term_parent_id_fkey;
      UPDATE taxonomy_term SET taxonomy_id = '${BEACON_TAXONOMY_ID}';
      ALTER TABLE attribute DROP CONSTRAINT attribute_taxonomy_term_id_fkey;
      -- Codes are unique within a taxonomy; an imported taxonomy may reuse Beacon's.
      CREATE UNIQUE INDEX taxonomy_term_code_key ON taxonomy_term (taxonomy_id, code) NULLS NOT DISTINCT;
      CREATE INDEX taxonomy_term_taxonomy_idx ON taxonomy_term (taxonomy_id, id);
    `);
    // Beacon's terms get the same id in every Beacon (a UUIDv5 of the code under the taxonomy's
    // id), so that one Beacon's export links to another's terms. Terms added by later migrations
    // take their ids the same way.
    const terms: { id: string; code: string }[] = await db.query(`SELECT id, code FROM taxonomy_term`);
    const renumbered = [terms.map((t) => t.id), terms.map((t) => uuidv5(t.code, BEACON_TAXONOMY_ID))];
    for (const [table, column] of [['taxonomy_term', 'id'], ['taxonomy_term', 'parent_id'], ['attribute', 'taxonomy_term_id']]) {
      await db.query(`UPDATE ${table} t SET ${column} = m.new FROM unnest($1::uuid[], $2::uuid[]) AS m (old, new) WHERE t.${column} = m.old`, renumbered);
    }
    await db.query(`
      ALTER TABLE attribute ADD CONSTRAINT attribute_taxonomy_term_id_fkey FOREIGN KEY (taxonomy_term_id) REFERENCES taxonomy_term (id);

      ALTER TABLE organization
        ADD COLUMN alternate_name text,
        ADD COLUMN tax_status text,
        ADD COLUMN tax_id text,
        ADD COLUMN year_incorporated int,
        ADD COLUMN legal_status text,
        ADD COLUMN logo text,
        ADD COLUMN uri text,
        ADD COLUMN parent_organization_id uuid;
      CREATE INDEX organization_parent_idx ON organization (parent_organization_id) WHERE parent_organization_id IS NOT NULL;

      ALTER TABLE service
        ADD COLUMN program_id uuid,
        ADD COLUMN alternate_name text,
        ADD COLUMN interpretation_services text,
        ADD COLUMN fees_description text,
        ADD COLUMN wait_time text,
        ADD COLUMN fees text,
        ADD COLUMN accreditations text,
        ADD COLUMN assurer_email text,
        ADD COLUMN licenses text,
        ADD COLUMN alert text,
        ADD COLUMN last_modified timestamptz(3),
        -- Set by the HSDS import: --prune marks only services an import brought, never those typed in Beacon.
        ADD COLUMN imported_at timestamptz(3);
      -- /hsds/services?modified_after= (the published last_modified), and its pages in id order by status.
      CREATE INDEX service_modified_idx ON service ((greatest(last_modified, updated_at)), id);
      CREATE INDEX service_status_id_idx ON service (status, id);

      ALTER TABLE location
        ADD COLUMN location_type text NOT NULL DEFAULT 'physical' CHECK (location_type IN ('physical', 'postal', 'virtual')),
        ADD COLUMN url text,
        ADD COLUMN alternate_name text,
        ADD COLUMN description text,
        ADD COLUMN transportation text,
        ADD COLUMN external_identifier text,
        ADD COLUMN external_identifier_type text,
        ALTER COLUMN organization_id DROP NOT NULL,
        DROP CONSTRAINT location_organization_id_fkey,
        DROP CONSTRAINT location_latitude_check,
        ADD CONSTRAINT location_latitude_check CHECK (latitude BETWEEN -180 AND 180);

      ALTER TABLE service_at_location ADD COLUMN description text;

      ALTER TABLE address
        ADD COLUMN attention text,
        ADD COLUMN region text,
        DROP CONSTRAINT address_location_id_key,
        ADD CONSTRAINT address_location_type_key UNIQUE (location_id, address_type),
        ADD CONSTRAINT address_type_check CHECK (address_type IN ('physical', 'postal', 'virtual'));
      -- /hsds ?postcode=: the locations at a postal code.
      CREATE INDEX address_postal_code_idx ON address (postal_code);

      ALTER TABLE phone
        ADD COLUMN service_id uuid,
        ADD COLUMN organization_id uuid,
        ADD COLUMN contact_id uuid,
        ADD COLUMN service_at_location_id uuid,
        ADD COLUMN extension numeric,
        ALTER COLUMN location_id DROP NOT NULL;
      CREATE INDEX phone_service_idx ON phone (service_id) WHERE service_id IS NOT NULL;
      CREATE INDEX phone_organization_idx ON phone (organization_id) WHERE organization_id IS NOT NULL;
      CREATE INDEX phone_contact_idx ON phone (contact_id) WHERE contact_id IS NOT NULL;
      CREATE INDEX phone_service_at_location_idx ON phone (service_at_location_id) WHERE service_at_location_id IS NOT NULL;

      ALTER TABLE language
        ADD COLUMN location_id uuid,
        ADD COLUMN phone_id uuid,
        ADD COLUMN name text,
        ADD COLUMN note text,
        ALTER COLUMN service_id DROP NOT NULL,
        ALTER COLUMN code DROP NOT NULL;
      CREATE INDEX language_location_idx ON language (location_id) WHERE location_id IS NOT NULL;
      CREATE INDEX language_phone_idx ON language (phone_id) WHERE phone_id IS NOT NULL;

      ALTER TABLE cost_option
        ADD COLUMN valid_from date,
        ADD COLUMN valid_to date,
        ADD COLUMN amount_description text,
        ALTER COLUMN option DROP NOT NULL;

      CREATE TABLE unit (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        scheme text,
        identifier text,
        uri text
      );
      ALTER TABLE service_capacity
        ADD COLUMN unit_id uuid,
        ADD COLUMN description text,
        DROP CONSTRAINT service_capacity_check,
        DROP CONSTRAINT service_capacity_service_id_fkey;

      ALTER TABLE attribute
        ADD COLUMN value text,
        ADD COLUMN label text,
        ALTER COLUMN link_type DROP NOT NULL,
        DROP CONSTRAINT attribute_link_id_fkey;

      ALTER TABLE metadata ADD COLUMN updated_by text;

      CREATE TABLE program (
        id uuid PRIMARY KEY,
        organization_id uuid,
        name text NOT NULL,
        alternate_name text,
        description text NOT NULL
      );
      CREATE INDEX program_organization_idx ON program (organization_id);

      CREATE TABLE service_area (
        id uuid PRIMARY KEY,
        service_id uuid,
        service_at_location_id uuid,
        name text,
        description text,
        extent text,
        extent_type text,
        uri text
      );
      CREATE INDEX service_area_service_idx ON service_area (service_id);
      CREATE INDEX service_area_service_at_location_idx ON service_area (service_at_location_id) WHERE service_at_location_id IS NOT NULL;

      CREATE TABLE contact (
        id uuid PRIMARY KEY,
        organization_id uuid,
        service_id uuid,
        service_at_location_id uuid,
        location_id uuid,
        name text,
        title text,
        department text,
        email text
      );
      CREATE INDEX contact_organization_idx ON contact (organization_id) WHERE organization_id IS NOT NULL;
      CREATE INDEX contact_service_idx ON contact (service_id) WHERE service_id IS NOT NULL;
      CREATE INDEX contact_service_at_location_idx ON contact (service_at_location_id) WHERE service_at_location_id IS NOT NULL;
      CREATE INDEX contact_location_idx ON contact (location_id) WHERE location_id IS NOT NULL;

      CREATE TABLE funding (
        id uuid PRIMARY KEY,
        organization_id uuid,
        service_id uuid,
        source text
      );
      CREATE INDEX funding_organization_idx ON funding (organization_id) WHERE organization_id IS NOT NULL;
      CREATE INDEX funding_service_idx ON funding (service_id) WHERE service_id IS NOT NULL;

      CREATE TABLE organization_identifier (
        id uuid PRIMARY KEY,
        organization_id uuid,
        identifier_scheme text,
        identifier_type text NOT NULL,
        identifier text NOT NULL
      );
      CREATE INDEX organization_identifier_organization_idx ON organization_identifier (organization_id);

      CREATE TABLE url (
        id uuid PRIMARY KEY,
        label text,
        url text NOT NULL,
        organization_id uuid,
        service_id uuid
      );
      CREATE INDEX url_organization_idx ON url (organization_id) WHERE organization_id IS NOT NULL;
      CREATE INDEX url_service_idx ON url (service_id) WHERE service_id IS NOT NULL;

      CREATE TABLE required_document (
        id uuid PRIMARY KEY,
        service_id uuid,
        document text,
        uri text
      );
      CREATE INDEX required_document_service_idx ON required_document (service_id);

      CREATE TABLE accessibility (
        id uuid PRIMARY KEY,
        location_id uuid,
        description text,
        details text,
        url text
      );
      CREATE INDEX accessibility_location_idx ON accessibility (location_id);

      CREATE TABLE meta_table_description (
        id uuid PRIMARY KEY,
        name text,
        language text,
        character_set text
      );

      CREATE TABLE hsds_schedule (
        id uuid PRIMARY KEY,
        service_id uuid,
        location_id uuid,
        service_at_location_id uuid,
        valid_from date,
        valid_to date,
        dtstart date,
        timezone numeric,
        until date,
        count int,
        wkst text CHECK (wkst IN ('MO','TU','WE','TH','FR','SA','SU')),
        freq text CHECK (freq IN ('WEEKLY','MONTHLY')),
        interval int,
        byday text,
        byweekno text,
        bymonthday text,
        byyearday text,
        description text,
        opens_at time,
        closes_at time,
        schedule_link text,
        attending_type text,
        notes text
      );
      CREATE INDEX hsds_schedule_service_idx ON hsds_schedule (service_id) WHERE service_id IS NOT NULL;
      CREATE INDEX hsds_schedule_location_idx ON hsds_schedule (location_id) WHERE location_id IS NOT NULL;
      CREATE INDEX hsds_schedule_service_at_location_idx ON hsds_schedule (service_at_location_id) WHERE service_at_location_id IS NOT NULL;
      -- No foreign key: the import replaces a rule's openings itself, and a key's check on each of a
      -- bulk load's 750,000 openings took a fifth of its time.
      ALTER TABLE schedule ADD COLUMN source_id uuid;
      CREATE INDEX schedule_source_idx ON schedule (source_id) WHERE source_id IS NOT NULL;

      -- As DirectoryBulkRefresh's, but a location whose latitude names no place stays off the map.
      ${placesRefresh('l.latitude BETWEEN -90 AND 90')}
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ${placesRefresh('l.latitude IS NOT NULL')}
      ALTER TABLE schedule DROP COLUMN source_id;
      DROP TABLE hsds_schedule, meta_table_description, accessibility, required_document, url,
                 organization_identifier, funding, contact, service_area, program;
      ALTER TABLE metadata DROP COLUMN updated_by;
      DELETE FROM attribute WHERE link_id NOT IN (SELECT id FROM service);
      UPDATE attribute SET link_type = 'service' WHERE link_type IS NULL;
      ALTER TABLE attribute DROP COLUMN value, DROP COLUMN label, ALTER COLUMN link_type SET NOT NULL,
        ADD CONSTRAINT attribute_link_id_fkey FOREIGN KEY (link_id) REFERENCES service (id) ON DELETE CASCADE;
      ALTER TABLE service_capacity DROP COLUMN unit_id, DROP COLUMN description,
        ADD CONSTRAINT service_capacity_check CHECK (maximum IS NULL OR available <= maximum);
      DELETE FROM service_capacity WHERE service_id NOT IN (SELECT id FROM service);
      ALTER TABLE service_capacity ADD CONSTRAINT service_capacity_service_id_fkey FOREIGN KEY (service_id) REFERENCES service (id) ON DELETE CASCADE;
      DROP TABLE unit;
      ALTER TABLE cost_option DROP COLUMN valid_from, DROP COLUMN valid_to, DROP COLUMN amount_description,
        ALTER COLUMN option SET NOT NULL;
      ALTER TABLE language DROP COLUMN location_id, DROP COLUMN phone_id, DROP COLUMN name, DROP COLUMN note,
        ALTER COLUMN service_id SET NOT NULL, ALTER COLUMN code SET NOT NULL;
      ALTER TABLE phone DROP COLUMN service_id, DROP COLUMN organization_id, DROP COLUMN contact_id,
        DROP COLUMN service_at_location_id, DROP COLUMN extension, ALTER COLUMN location_id SET NOT NULL;
      ALTER TABLE address DROP COLUMN attention, DROP COLUMN region, DROP CONSTRAINT address_location_type_key,
        DROP CONSTRAINT address_type_check, ADD CONSTRAINT address_location_id_key UNIQUE (location_id);
      ALTER TABLE service_at_location DROP COLUMN description;
      ALTER TABLE location DROP COLUMN location_type, DROP COLUMN url, DROP COLUMN alternate_name, DROP COLUMN description,
        DROP COLUMN transportation, DROP COLUMN external_identifier, DROP COLUMN external_identifier_type,
        ALTER COLUMN organization_id SET NOT NULL,
        ADD CONSTRAINT location_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id),
        DROP CONSTRAINT location_latitude_check,
        ADD CONSTRAINT location_latitude_check CHECK (latitude BETWEEN -90 AND 90);
      DROP INDEX service_modified_idx; DROP INDEX service_status_id_idx; DROP INDEX address_postal_code_idx;
      ALTER TABLE service DROP COLUMN program_id, DROP COLUMN alternate_name, DROP COLUMN interpretation_services,
        DROP COLUMN fees_description, DROP COLUMN wait_time, DROP COLUMN fees, DROP COLUMN accreditations,
        DROP COLUMN assurer_email, DROP COLUMN licenses, DROP COLUMN alert, DROP COLUMN last_modified, DROP COLUMN imported_at;
      ALTER TABLE organization DROP COLUMN alternate_name, DROP COLUMN tax_status, DROP COLUMN tax_id,
        DROP COLUMN year_incorporated, DROP COLUMN legal_status, DROP COLUMN logo, DROP COLUMN uri,
        DROP COLUMN parent_organization_id;
      DELETE FROM attribute WHERE taxonomy_term_id IN (SELECT id FROM taxonomy_term WHERE taxonomy_id IS DISTINCT FROM '${BEACON_TAXONOMY_ID}');
      DELETE FROM taxonomy_term WHERE taxonomy_id IS DISTINCT FROM '${BEACON_TAXONOMY_ID}';
      DROP INDEX taxonomy_term_code_key; DROP INDEX taxonomy_term_taxonomy_idx;
      ALTER TABLE taxonomy_term DROP COLUMN taxonomy_id, DROP COLUMN language, DROP COLUMN term_uri,
        ALTER COLUMN code SET NOT NULL, ALTER COLUMN category SET NOT NULL,
        ALTER COLUMN taxonomy SET DEFAULT 'beacon', ALTER COLUMN taxonomy SET NOT NULL,
        ADD CONSTRAINT taxonomy_term_code_key UNIQUE (code),
        ADD CONSTRAINT taxonomy_term_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES taxonomy_term (id);
      DROP TABLE taxonomy;
    `);
  }
}
