import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * great_circle_m for measuring distances fast, and typo tolerance through a vocabulary instead of trigram similarity against every listing:
 * each word of a search is replaced by the nearest known word (pg_trgm similarity over the
 * small search_word table) and the corrected words run as ordinary full-text search. Matching
 * word_similarity against every candidate listing cost 10 µs a row; a common misspelling
 * ("housng") touched a fifth of the directory.
 */
export class DirectorySearchVocabulary1764000001300 implements MigrationInterface {
  name = 'DirectorySearchVocabulary1764000001300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE search_word (word text PRIMARY KEY);
      CREATE INDEX search_word_trgm_idx ON search_word USING gin (word gin_trgm_ops);

      DROP INDEX service_search_words_trgm_idx;
      ALTER TABLE service DROP COLUMN search_words;

      -- Great-circle metres on earthdistance's sphere, in plain arithmetic: earth_distance's cube
      -- domain checks cost several times more per row, and a search measures thousands of rows.
      CREATE FUNCTION great_circle_m(lat1 float8, lng1 float8, lat2 float8, lng2 float8) RETURNS float8
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT 2 * 6378168 * asin(sqrt(sin(radians(lat2 - lat1) / 2) ^ 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lng2 - lng1) / 2) ^ 2))
      $$;

      CREATE OR REPLACE FUNCTION service_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE service s SET
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
        WHERE s.id = t.service_id AND o.id = s.organization_id;
        -- The words a misspelling is corrected to: those of names, taxonomy terms and organizations.
        INSERT INTO search_word (word)
        SELECT DISTINCT w
        FROM service s
        JOIN organization o ON o.id = s.organization_id
        LEFT JOIN attribute a ON a.link_id = s.id
        LEFT JOIN taxonomy_term tt ON tt.id = a.taxonomy_term_id,
        regexp_split_to_table(lower(unaccent(concat_ws(' ', s.name, tt.name, o.name))), '[^[:alnum:]]+') AS w
        WHERE s.id = ANY (ids) AND w ~ '^[[:alpha:]]{3,}$'
        ON CONFLICT DO NOTHING;
      $$;

      INSERT INTO search_word (word)
      SELECT DISTINCT w FROM taxonomy_term, regexp_split_to_table(lower(unaccent(name)), '[^[:alnum:]]+') AS w WHERE w ~ '^[[:alpha:]]{3,}$'
      ON CONFLICT DO NOTHING;
      SELECT service_search_refresh(ARRAY(SELECT id FROM service));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE service ADD COLUMN search_words text NOT NULL DEFAULT '';

      CREATE OR REPLACE FUNCTION service_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
      SELECT service_search_refresh(ARRAY(SELECT id FROM service));
      CREATE INDEX service_search_words_trgm_idx ON service USING gin (search_words gin_trgm_ops);
      DROP TABLE search_word;
      DROP FUNCTION great_circle_m(float8, float8, float8, float8);
    `);
  }
}
