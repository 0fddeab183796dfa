import type { PoolClient } from 'pg';
import type { ServiceCategory } from '../directory/enums';
import { categoryForTerms, type CrosswalkTerm } from './crosswalk';

/** A staged service whose terms map to no Beacon category: the report lists it with the fallback it gets. */
export interface Unmapped {
  serviceId: string;
  name: string;
  category: ServiceCategory;
}

/**
 * Each staged service's Beacon category, into hsds_category: a term of Beacon's own taxonomy
 * gives its category; otherwise the crosswalk decides from the service's imported terms (and
 * their ancestors), falling back as the crosswalk file says. Terms come from the package, or
 * from Beacon where the package links a term Beacon already holds.
 */
export async function categorize(client: PoolClient): Promise<Unmapped[]> {
  await client.query(`CREATE TEMP TABLE hsds_category (id text PRIMARY KEY, category text NOT NULL) ON COMMIT DROP`);
  const { rows } = await client.query<{ id: string; name: string; terms: (CrosswalkTerm & { category: ServiceCategory | null })[] }>(`
    WITH term AS (
      SELECT s.id::uuid AS id, s.code, s.name, s.parent_id::uuid AS parent_id, coalesce(s.taxonomy, tx.name, stx.name) AS taxonomy, NULL::text AS category
        FROM hsds_stage_taxonomy_term s
        LEFT JOIN hsds_stage_taxonomy stx ON stx.id = s.taxonomy_id
        LEFT JOIN taxonomy tx ON tx.id = s.taxonomy_id::uuid
      UNION ALL
      SELECT t.id, t.code, t.name, t.parent_id, coalesce(t.taxonomy, tx.name), t.category
        FROM taxonomy_term t LEFT JOIN taxonomy tx ON tx.id = t.taxonomy_id
       WHERE NOT EXISTS (SELECT 1 FROM hsds_stage_taxonomy_term s WHERE s.id = t.id::text)
    )
    SELECT s.id, s.name,
           coalesce(json_agg(json_build_object(
             'taxonomy', t.taxonomy, 'code', t.code, 'name', t.name, 'category', t.category,
             'ancestors', json_build_array(json_build_object('code', p1.code, 'name', p1.name), json_build_object('code', p2.code, 'name', p2.name),
                                           json_build_object('code', p3.code, 'name', p3.name))
           )) FILTER (WHERE t.id IS NOT NULL), '[]') AS terms
      FROM hsds_stage_service s
      LEFT JOIN (SELECT link_id, taxonomy_term_id FROM hsds_stage_attribute
                 UNION SELECT a.link_id::text, a.taxonomy_term_id::text FROM attribute a JOIN hsds_stage_service ss ON ss.id = a.link_id::text) a ON a.link_id = s.id
      LEFT JOIN term t ON t.id = a.taxonomy_term_id::uuid
      LEFT JOIN term p1 ON p1.id = t.parent_id
      LEFT JOIN term p2 ON p2.id = p1.parent_id
      LEFT JOIN term p3 ON p3.id = p2.parent_id
     GROUP BY s.id, s.name`);
  const unmapped: Unmapped[] = [];
  const ids: string[] = [];
  const categories: string[] = [];
  for (const row of rows) {
    const own = row.terms.find((t) => t.category)?.category;
    const terms = row.terms.map((t) => ({ ...t, ancestors: (t.ancestors ?? []).filter((a) => a.code != null || a.name != null) }));
    const result = own ? { category: own, mapped: true } : categoryForTerms(terms);
    if (!result.mapped) unmapped.push({ serviceId: row.id, name: row.name, category: result.category });
    ids.push(row.id);
    categories.push(result.category);
  }
  await client.query(`INSERT INTO hsds_category (id, category) SELECT * FROM unnest($1::text[], $2::text[])`, [ids, categories]);
  return unmapped;
}

/**
 * What a new service row is written with, for each staged service, grouped once: its places as
 * the places refresh keeps them (located links only, by location id), from the staged links and
 * the locations just written; and its terms' names as the search document takes them (by code).
 */
export async function stageServiceViews(client: PoolClient): Promise<void> {
  await client.query(`
    CREATE TEMP TABLE hsds_places ON COMMIT DROP AS
      SELECT coalesce(places.service_id, terms.service_id) AS service_id, places.latitudes, places.longitudes, places.confidential, terms.terms
        FROM (SELECT sal.service_id, array_agg(l.latitude ORDER BY l.id) AS latitudes, array_agg(l.longitude ORDER BY l.id) AS longitudes,
                     array_agg(l.confidential ORDER BY l.id) AS confidential
                FROM (SELECT DISTINCT service_id, location_id::uuid AS location_id FROM hsds_stage_service_at_location) sal
                JOIN location l ON l.id = sal.location_id AND l.latitude BETWEEN -90 AND 90
               GROUP BY sal.service_id) places
        FULL JOIN (SELECT a.link_id AS service_id, string_agg(tt.name, ' ' ORDER BY tt.code) AS terms
                     FROM hsds_stage_attribute a JOIN taxonomy_term tt ON tt.id = a.taxonomy_term_id::uuid
                    GROUP BY a.link_id) terms ON terms.service_id = places.service_id;
    CREATE UNIQUE INDEX ON hsds_places (service_id);
    ANALYZE hsds_places`);
}

/**
 * Beacon's working copies of what the import wrote: the weekly openings search computes with,
 * from the location's WEEKLY schedule rules (a rule on a service applies at each of its
 * locations); the required documents and accessibility notes the GraphQL API lists; the search
 * document and vocabulary of every service whose text or terms changed. Places follow by the
 * location triggers.
 */
export async function refreshBeaconViews(client: PoolClient, progress: (line: string) => void): Promise<void> {
  const step = async (what: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    progress(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  await step('weekly hours', `
    DELETE FROM schedule WHERE source_id IN (SELECT id FROM hsds_touched WHERE table_name = 'schedule');
    WITH rule AS (
      SELECT h.* FROM hsds_touched touched JOIN hsds_schedule h ON h.id = touched.id
       WHERE touched.table_name = 'schedule'
         AND coalesce(h.freq, 'WEEKLY') = 'WEEKLY' AND coalesce(h.interval, 1) = 1
         AND h.opens_at IS NOT NULL AND h.closes_at IS NOT NULL AND (h.opens_at <> h.closes_at OR h.opens_at = '00:00')
         AND (h.valid_to IS NULL OR h.valid_to >= current_date)
    ), place AS (
      SELECT r.id AS rule_id, r.location_id FROM rule r WHERE r.location_id IS NOT NULL
      UNION SELECT r.id, sal.location_id FROM rule r JOIN service_at_location sal ON sal.id = r.service_at_location_id
      UNION SELECT r.id, sal.location_id FROM rule r JOIN service_at_location sal ON sal.service_id = r.service_id
       WHERE r.location_id IS NULL AND r.service_at_location_id IS NULL
    )
    INSERT INTO schedule (location_id, byday, opens_at, closes_at, source_id)
    SELECT p.location_id, d.n, r.opens_at, CASE WHEN r.opens_at = r.closes_at THEN '24:00' ELSE r.closes_at END, r.id
      FROM place p JOIN rule r ON r.id = p.rule_id JOIN location l ON l.id = p.location_id
      JOIN (VALUES ('MO', 1), ('TU', 2), ('WE', 3), ('TH', 4), ('FR', 5), ('SA', 6), ('SU', 7)) AS d (code, n)
        ON d.code = ANY (string_to_array(upper(replace(r.byday, ' ', '')), ','))`);
  await step('required documents and accessibility', `
    UPDATE service s SET required_documents = docs.list
      FROM (SELECT r.service_id, coalesce(array_agg(r.document ORDER BY r.id) FILTER (WHERE r.document IS NOT NULL), '{}') AS list
              FROM required_document r
             WHERE r.service_id IN (SELECT service_id FROM required_document WHERE id IN (SELECT id FROM hsds_touched WHERE table_name = 'required_document'))
             GROUP BY r.service_id) docs
     WHERE s.id = docs.service_id AND s.required_documents IS DISTINCT FROM docs.list;

    UPDATE location l SET accessibility = notes.list
      FROM (SELECT a.location_id, coalesce(array_agg(a.description ORDER BY a.id) FILTER (WHERE a.description IS NOT NULL), '{}') AS list
              FROM accessibility a
             WHERE a.location_id IN (SELECT location_id FROM accessibility WHERE id IN (SELECT id FROM hsds_touched WHERE table_name = 'accessibility'))
             GROUP BY a.location_id) notes
     WHERE l.id = notes.location_id AND l.accessibility IS DISTINCT FROM notes.list`);
  await step('search', `
    CREATE TEMP TABLE hsds_search ON COMMIT DROP AS
      SELECT id FROM hsds_touched WHERE table_name = 'service' AND NOT created
      UNION SELECT a.link_id FROM attribute a JOIN hsds_touched h ON h.table_name = 'attribute' AND a.id = h.id
      UNION SELECT a.link_id FROM attribute a JOIN hsds_touched h ON h.table_name = 'taxonomy_term' AND a.taxonomy_term_id = h.id;
    -- New services were written with their search document; the rest is refreshed.
    DELETE FROM hsds_search WHERE id IN (SELECT id FROM hsds_touched WHERE table_name = 'service' AND created);
    SELECT service_search_refresh(ARRAY(SELECT s.id FROM hsds_search h JOIN service s ON s.id = h.id));
    SELECT search_words_add(ARRAY(SELECT id FROM hsds_search UNION SELECT id FROM hsds_touched WHERE table_name = 'service'));
  `);
}

/**
 * --prune: the services an import brought for the package's organizations that the package no
 * longer holds become INACTIVE (with their change records); services typed in Beacon are never touched.
 */
export async function prune(client: PoolClient, by: { label: string; actorId: string | null }): Promise<number> {
  const { rowCount } = await client.query(
    `WITH gone AS (
       UPDATE service s SET status = 'INACTIVE', version = s.version + 1, updated_at = now()
        WHERE s.imported_at IS NOT NULL AND s.status IN ('ACTIVE', 'TEMPORARILY_CLOSED')
          AND s.organization_id IN (SELECT id::uuid FROM hsds_stage_organization UNION SELECT organization_id::uuid FROM hsds_stage_service)
          AND NOT EXISTS (SELECT 1 FROM hsds_stage_service staged WHERE staged.id = s.id::text)
       RETURNING s.id, (SELECT lower(replace(o.status, '_', ' ')) FROM service o WHERE o.id = s.id) AS previous
     )
     INSERT INTO metadata (resource_id, resource_type, last_action_type, field_name, previous_value, replacement_value, updated_by, updated_by_id)
     SELECT id, 'service', 'update', 'status', to_jsonb(previous), to_jsonb('inactive'::text), $1, $2 FROM gone`,
    [by.label, by.actorId],
  );
  return rowCount ?? 0;
}
