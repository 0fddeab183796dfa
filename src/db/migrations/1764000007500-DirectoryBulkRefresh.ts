import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The places of DirectorySearchPlaces kept in time linear in the links written, and written only
 * where they change; and the expressions a bulk loader needs to write each service row once,
 * with its final values.
 *
 * service_locations_refresh measured each service's places in a lateral subquery, one small join
 * per service, which the planner, before a bulk load's tables have statistics, ran as a hash join
 * over the whole location table once per service: a 100,000-link insert took over half an hour.
 * service_places_refresh is one grouped join of the given services' links and their locations,
 * so whatever plan serves it reads each link and location once (index probes for a few services,
 * one hash join for many), and it updates only the services whose places differ. The four
 * triggers of DirectorySearchPlaces keep their names and now run it, the link update trigger for
 * the services on both sides of a moved link; the functions they ran stay, unused, because that
 * migration's down drops them.
 *
 * Writing only what changes lets a bulk loader write each service row once with its final values
 * (earth_cells_of for the cells, service_search_document for the text, search_words_add for the
 * vocabulary), after which the triggers find nothing to do: no dead row for every service, which
 * with autovacuum off left the table twice its size. service_search_document is the expression
 * that service_search_refresh (DirectorySearchVocabulary) writes, kept equal to it by a test.
 */
export class DirectoryBulkRefresh1764000007500 implements MigrationInterface {
  name = 'DirectoryBulkRefresh1764000007500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- service.location_cells for points given as two arrays: the fine grid's cells, then the coarse grid's.
      CREATE FUNCTION earth_cells_of(latitudes float8[], longitudes float8[]) RETURNS int[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce((SELECT array_agg(DISTINCT earth_cell(p.lat, p.lng, 10)) FROM unnest(latitudes, longitudes) AS p (lat, lng)), '{}')
            || coalesce((SELECT array_agg(DISTINCT earth_cell(p.lat, p.lng, 1)) FROM unnest(latitudes, longitudes) AS p (lat, lng)), '{}')
      $$;

      CREATE FUNCTION service_places_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
          LEFT JOIN (service_at_location sal JOIN location l ON l.id = sal.location_id AND l.latitude IS NOT NULL)
            ON sal.service_id = target.id
          GROUP BY target.id
        ) located
        WHERE s.id = located.id
          AND (s.location_latitudes, s.location_longitudes, s.location_confidential)
              IS DISTINCT FROM (located.latitudes, located.longitudes, located.confidential)
      $$;

      -- A link moved from one service to another (by an update) changes both.
      CREATE FUNCTION service_at_location_places() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          PERFORM service_places_refresh(ARRAY(SELECT service_id FROM changed UNION SELECT service_id FROM replaced));
        ELSE
          PERFORM service_places_refresh(ARRAY(SELECT DISTINCT service_id FROM changed));
        END IF;
        RETURN NULL;
      END $$;
      CREATE FUNCTION location_places() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_places_refresh(ARRAY(SELECT DISTINCT sal.service_id FROM changed JOIN service_at_location sal ON sal.location_id = changed.id));
        RETURN NULL;
      END $$;
    `);
    await this.triggers(db, 'service_at_location_places', 'location_places', 'OLD TABLE AS replaced NEW TABLE AS changed');
    await db.query(`
      -- A service's search_document from its name, its taxonomy terms' names (by code, space-separated),
      -- its description and its organization's name (weights A, B, C, D).
      CREATE FUNCTION service_search_document(name text, terms text, description text, organization text) RETURNS tsvector
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('english', unaccent(name)), 'A') ||
               setweight(to_tsvector('english', unaccent(coalesce(terms, ''))), 'B') ||
               setweight(to_tsvector('english', unaccent(description)), 'C') ||
               setweight(to_tsvector('english', unaccent(organization)), 'D')
      $$;

      -- The words a misspelling is corrected to, from the services' names, taxonomy terms and organizations.
      CREATE FUNCTION search_words_add(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO search_word (word)
        SELECT DISTINCT w
        FROM (SELECT DISTINCT id FROM unnest(ids) AS id) target
        JOIN service s ON s.id = target.id
        JOIN organization o ON o.id = s.organization_id
        LEFT JOIN attribute a ON a.link_id = s.id
        LEFT JOIN taxonomy_term tt ON tt.id = a.taxonomy_term_id,
        regexp_split_to_table(lower(unaccent(concat_ws(' ', s.name, tt.name, o.name))), '[^[:alnum:]]+') AS w
        WHERE w ~ '^[[:alpha:]]{3,}$'
        ON CONFLICT DO NOTHING
      $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION search_words_add(uuid[]); DROP FUNCTION service_search_document(text, text, text, text);`);
    await this.triggers(db, 'service_at_location_places_refresh', 'location_places_refresh', 'NEW TABLE AS changed');
    await db.query(`
      DROP FUNCTION location_places(); DROP FUNCTION service_at_location_places();
      DROP FUNCTION service_places_refresh(uuid[]); DROP FUNCTION earth_cells_of(float8[], float8[]);
    `);
  }

  /** DirectorySearchPlaces' four triggers, by their names, running the given functions; `moved`: the link update trigger's transition tables. */
  private async triggers(db: QueryRunner, links: string, locations: string, moved: string): Promise<void> {
    await db.query(`
      DROP TRIGGER service_at_location_inserted_places ON service_at_location;
      DROP TRIGGER service_at_location_deleted_places ON service_at_location;
      DROP TRIGGER service_at_location_updated_places ON service_at_location;
      DROP TRIGGER location_updated_places ON location;
      CREATE TRIGGER service_at_location_inserted_places AFTER INSERT ON service_at_location
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${links}();
      CREATE TRIGGER service_at_location_deleted_places AFTER DELETE ON service_at_location
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${links}();
      CREATE TRIGGER service_at_location_updated_places AFTER UPDATE ON service_at_location
        REFERENCING ${moved} FOR EACH STATEMENT EXECUTE FUNCTION ${links}();
      CREATE TRIGGER location_updated_places AFTER UPDATE ON location
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${locations}();
    `);
  }
}
