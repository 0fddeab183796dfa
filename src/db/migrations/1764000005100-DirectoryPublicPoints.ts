import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each located location's public point beside its real one, on the service row, so a search for
 * a viewer who may not see a confidential location measures every distance from the public
 * point (DESIGN.md, Access) and stays on the same index-served plan.
 *
 * cell_centre: the centre of the 0.1° grid cell holding a coordinate, written with the grid's own
 * cell index (earth_cell: floor((x + 90) * 10)) rather than floor(x * 10) / 10 + 0.05, the same
 * number but for the rounding of one addition (20.099999999999998 + 90 is 110.1: the index holds
 * it in the cell 20.1..20.2, the other formula would give 20.05), so a public point always lies in
 * the very fine cell the search index holds for its location, and so in its coarse cell too (for y >= 0,
 * floor(y * 10) in float8 reaches 10k only once y reaches k). The grid prefilter then admits or
 * rejects a row alike for the real and the public point, and the exact distance decides.
 *
 * location_public_latitudes, location_public_longitudes: per located location, in the order of
 * location_latitudes, the cell centre for a confidential location and the real point for any
 * other. Generated from the arrays the triggers keep, so they can never disagree with them.
 */
export class DirectoryPublicPoints1764000005100 implements MigrationInterface {
  name = 'DirectoryPublicPoints1764000005100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- "origin" is 90 for a latitude, 180 for a longitude (earth_cell's offsets).
      CREATE FUNCTION cell_centre(coordinate float8, origin float8) RETURNS float8
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (floor((coordinate + origin) * 10) + 0.5) / 10 - origin
      $$;

      CREATE FUNCTION location_public_coordinates(coordinates float8[], confidential boolean[], origin float8) RETURNS float8[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(CASE WHEN located.confidential THEN cell_centre(located.coordinate, origin) ELSE located.coordinate END ORDER BY located.n), '{}')
        FROM unnest(coordinates, confidential) WITH ORDINALITY AS located (coordinate, confidential, n)
      $$;

      ALTER TABLE service
        ADD COLUMN location_public_latitudes float8[] NOT NULL
          GENERATED ALWAYS AS (location_public_coordinates(location_latitudes, location_confidential, 90)) STORED,
        ADD COLUMN location_public_longitudes float8[] NOT NULL
          GENERATED ALWAYS AS (location_public_coordinates(location_longitudes, location_confidential, 180)) STORED;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE service DROP COLUMN location_public_longitudes, DROP COLUMN location_public_latitudes;
      DROP FUNCTION location_public_coordinates(float8[], boolean[], float8);
      DROP FUNCTION cell_centre(float8, float8);
    `);
  }
}
