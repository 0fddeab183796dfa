import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a service's located locations are, on the service row, so a search near a place and for
 * a text reads one table: the place and the text then narrow through two indexes PostgreSQL can
 * combine (BitmapAnd), and the exact distance is measured over the row's own arrays instead of
 * one index lookup per candidate (a common word made that ~92,000 lookups, about a second).
 *
 * location_cells: the grid cells holding each location, on a 0.1° grid and a 1° grid (GIN); a
 * search asks for the cells its circle may touch (earth_cells_near), on the fine grid up to a
 * 50 km radius, the coarse one beyond (a 1000 km circle is ~40,000 fine cells). A grid rather
 * than one box per service: a service with sites in two cities has a box over all the land
 * between them, and boxes that overlap that much made the GiST scan slow and loose.
 *
 * location_latitudes, location_longitudes, location_confidential: one element per located
 * location, in the same order. All four are kept by service_locations_refresh, run by triggers on
 * every write of service_at_location and of a location's place or confidentiality.
 */
export class DirectorySearchPlaces1764000001400 implements MigrationInterface {
  name = 'DirectorySearchPlaces1764000001400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE service
        ADD COLUMN location_cells int[] NOT NULL DEFAULT '{}',
        ADD COLUMN location_latitudes float8[] NOT NULL DEFAULT '{}',
        ADD COLUMN location_longitudes float8[] NOT NULL DEFAULT '{}',
        ADD COLUMN location_confidential boolean[] NOT NULL DEFAULT '{}';

      -- Cell (lat_i, lng_i) of the grid of 1/per_degree degree cells (per_degree 1 or 10; the grids' ids
      -- never collide); lng_i wraps around the antimeridian.
      CREATE FUNCTION grid_cell(lat_i int, lng_i int, per_degree int) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT per_degree * 100000000 + lat_i * 360 * per_degree + (lng_i % (360 * per_degree) + 360 * per_degree) % (360 * per_degree)
      $$;

      -- The cell holding a point.
      CREATE FUNCTION earth_cell(lat float8, lng float8, per_degree int) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT grid_cell(floor((lat + 90) * per_degree)::int, floor((lng + 180) * per_degree)::int, per_degree)
      $$;

      -- Every cell a circle of "meters" (great_circle_m's sphere) around a point may touch: its latitude
      -- band, and the widest longitude span of the circle (every longitude when it reaches a pole).
      -- One part in a thousand wider, so rounding never drops a cell.
      CREATE FUNCTION earth_cells_near(lat float8, lng float8, meters float8) RETURNS int[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH grid AS (SELECT CASE WHEN meters <= 50000 AND abs(lat) <= 80 THEN 10 ELSE 1 END AS per_degree, degrees(meters * 1.001 / 6378168) AS angle),
        span AS (SELECT per_degree, greatest(lat - angle, -90) AS lat_from, least(lat + angle, 90) AS lat_to,
                        CASE WHEN abs(lat) + angle >= 90 OR sin(radians(angle)) >= cos(radians(lat)) THEN 180
                             ELSE degrees(asin(sin(radians(angle)) / cos(radians(lat)))) END AS lng_half
                 FROM grid)
        SELECT array_agg(DISTINCT grid_cell(lat_i, lng_i, per_degree))
        FROM span,
          generate_series(floor((lat_from + 90) * per_degree)::int, floor((lat_to + 90) * per_degree)::int) AS lat_i,
          generate_series(CASE WHEN lng_half >= 180 THEN 0 ELSE floor((lng - lng_half + 180) * per_degree)::int END,
                          CASE WHEN lng_half >= 180 THEN 360 * per_degree - 1 ELSE floor((lng + lng_half + 180) * per_degree)::int END) AS lng_i
      $$;

      CREATE FUNCTION service_locations_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE service s SET
          location_cells = located.cells,
          location_latitudes = located.latitudes,
          location_longitudes = located.longitudes,
          location_confidential = located.confidential
        FROM unnest(ids) AS id (id)
        CROSS JOIN LATERAL (
          SELECT coalesce(array_agg(DISTINCT earth_cell(l.latitude, l.longitude, 10)), '{}')
                 || coalesce(array_agg(DISTINCT earth_cell(l.latitude, l.longitude, 1)), '{}') AS cells,
                 coalesce(array_agg(l.latitude ORDER BY l.id), '{}') AS latitudes,
                 coalesce(array_agg(l.longitude ORDER BY l.id), '{}') AS longitudes,
                 coalesce(array_agg(l.confidential ORDER BY l.id), '{}') AS confidential
          FROM service_at_location sal JOIN location l ON l.id = sal.location_id
          WHERE sal.service_id = id.id AND l.latitude IS NOT NULL) located
        WHERE s.id = id.id
      $$;

      CREATE FUNCTION service_at_location_places_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_locations_refresh(ARRAY(SELECT DISTINCT service_id FROM changed));
        RETURN NULL;
      END $$;
      CREATE TRIGGER service_at_location_inserted_places AFTER INSERT ON service_at_location
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION service_at_location_places_refresh();
      CREATE TRIGGER service_at_location_deleted_places AFTER DELETE ON service_at_location
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION service_at_location_places_refresh();
      -- Links are only inserted and deleted; an update moving one would leave both services stale.
      CREATE TRIGGER service_at_location_updated_places AFTER UPDATE ON service_at_location
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION service_at_location_places_refresh();

      CREATE FUNCTION location_places_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_locations_refresh(ARRAY(SELECT DISTINCT sal.service_id FROM changed JOIN service_at_location sal ON sal.location_id = changed.id));
        RETURN NULL;
      END $$;
      CREATE TRIGGER location_updated_places AFTER UPDATE ON location
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION location_places_refresh();

      SELECT service_locations_refresh(ARRAY(SELECT id FROM service));
      CREATE INDEX service_location_cells_idx ON service USING gin (location_cells);
      -- The search no longer reads locations by place; the index would only cost every location write.
      DROP INDEX location_earth_idx;
      -- The planner's estimate of how many services a circle's cells hold decides the plan.
      ANALYZE service;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX location_earth_idx ON location USING gist (ll_to_earth(latitude, longitude)) WHERE latitude IS NOT NULL;
      DROP INDEX service_location_cells_idx;
      DROP TRIGGER location_updated_places ON location; DROP FUNCTION location_places_refresh();
      DROP TRIGGER service_at_location_updated_places ON service_at_location;
      DROP TRIGGER service_at_location_deleted_places ON service_at_location;
      DROP TRIGGER service_at_location_inserted_places ON service_at_location;
      DROP FUNCTION service_at_location_places_refresh();
      DROP FUNCTION service_locations_refresh(uuid[]);
      DROP FUNCTION earth_cells_near(float8, float8, float8); DROP FUNCTION earth_cell(float8, float8, int); DROP FUNCTION grid_cell(int, int, int);
      ALTER TABLE service DROP COLUMN location_confidential, DROP COLUMN location_longitudes,
        DROP COLUMN location_latitudes, DROP COLUMN location_cells;
    `);
  }
}
