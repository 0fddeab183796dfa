import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What searchServices (src/directory/search.sql.ts) needs: the search columns kept current by
 * service_search_refresh, the opening-hours functions, and the indexes its plans use.
 */
export class DirectorySearchIndexes1764000001200 implements MigrationInterface {
  name = 'DirectorySearchIndexes1764000001200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE EXTENSION IF NOT EXISTS cube;
      CREATE EXTENSION IF NOT EXISTS earthdistance;

      -- search_document: stemmed and weighted (A name, B taxonomy terms, C description, D organization).
      -- search_words: the words a typo is matched against by trigram similarity (name, terms, organization).
      ALTER TABLE service ADD COLUMN search_document tsvector NOT NULL DEFAULT ''::tsvector;
      ALTER TABLE service ADD COLUMN search_words text NOT NULL DEFAULT '';

      CREATE FUNCTION service_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE service s SET
          search_words = lower(unaccent(concat_ws(' ', s.name, t.names, o.name))),
          search_document =
            setweight(to_tsvector('english', unaccent(s.name)), 'A') ||
            setweight(to_tsvector('english', unaccent(coalesce(t.names, ''))), 'B') ||
            setweight(to_tsvector('english', unaccent(s.description)), 'C') ||
            setweight(to_tsvector('english', unaccent(o.name)), 'D')
        FROM organization o,
          (SELECT id.id AS service_id,
                  (SELECT string_agg(tt.name, ' ' ORDER BY tt.code)
                   FROM attribute a JOIN taxonomy_term tt ON tt.id = a.taxonomy_term_id
                   WHERE a.link_id = id.id) AS names
           FROM unnest(ids) AS id (id)) t
        WHERE s.id = t.service_id AND o.id = s.organization_id
      $$;

      -- An organization's name is part of its services' search text.
      CREATE FUNCTION organization_name_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_search_refresh(ARRAY(SELECT id FROM service WHERE organization_id = NEW.id));
        RETURN NULL;
      END $$;
      CREATE TRIGGER organization_name_search AFTER UPDATE OF name ON organization
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION organization_name_search_refresh();

      -- Is one weekly opening open at instant "at", read in the location's zone? closes_at 24:00 ends the
      -- day; closes_at before opens_at runs past midnight into the next day (byday: ISO, 1 Monday .. 7 Sunday).
      CREATE FUNCTION schedule_is_open(byday int, opens time, closes time, zone text, at timestamptz)
      RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN opens < closes THEN
            extract(isodow FROM at AT TIME ZONE zone) = byday
            AND (at AT TIME ZONE zone)::time >= opens AND (at AT TIME ZONE zone)::time < closes
          ELSE
            (extract(isodow FROM at AT TIME ZONE zone) = byday AND (at AT TIME ZONE zone)::time >= opens)
            OR (extract(isodow FROM at AT TIME ZONE zone) = byday % 7 + 1 AND (at AT TIME ZONE zone)::time < closes)
          END
      $$;

      -- Open at "at" at any of the service's locations; null when no location has hours.
      CREATE FUNCTION service_open_at(service uuid, at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN count(*) = 0 THEN NULL
                    ELSE bool_or(schedule_is_open(sc.byday, sc.opens_at, sc.closes_at, l.time_zone, at)) END
        FROM service_at_location sal
        JOIN location l ON l.id = sal.location_id
        JOIN schedule sc ON sc.location_id = l.id
        WHERE sal.service_id = service
      $$;

      CREATE INDEX service_search_document_idx ON service USING gin (search_document);
      CREATE INDEX service_search_words_trgm_idx ON service USING gin (search_words gin_trgm_ops);
      CREATE INDEX service_status_category_idx ON service (status, category);
      CREATE INDEX service_name_idx ON service (lower(name), id);
      CREATE INDEX service_assured_date_idx ON service (assured_date DESC NULLS LAST, id);
      CREATE INDEX service_populations_idx ON service USING gin (populations);
      CREATE INDEX service_accepted_insurance_idx ON service USING gin (accepted_insurance);
      CREATE INDEX location_earth_idx ON location USING gist (ll_to_earth(latitude, longitude)) WHERE latitude IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX location_earth_idx; DROP INDEX service_accepted_insurance_idx; DROP INDEX service_populations_idx;
      DROP INDEX service_assured_date_idx; DROP INDEX service_name_idx; DROP INDEX service_status_category_idx;
      DROP INDEX service_search_words_trgm_idx; DROP INDEX service_search_document_idx;
      DROP FUNCTION service_open_at(uuid, timestamptz); DROP FUNCTION schedule_is_open(int, time, time, text, timestamptz);
      DROP TRIGGER organization_name_search ON organization; DROP FUNCTION organization_name_search_refresh();
      DROP FUNCTION service_search_refresh(uuid[]);
      ALTER TABLE service DROP COLUMN search_words; ALTER TABLE service DROP COLUMN search_document;
    `);
  }
}
