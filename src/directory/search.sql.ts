import { escapeLike } from '../common/sql';
import { ServiceSort, type Insurance, type Population, type ServiceCategory, type ServiceStatus } from './enums';
import { seesConfidentialSql } from './location.policy';
import { BEACON_TAXONOMY_ID } from './taxonomy-term.entity';

/**
 * The directory search, in SQL. Every criterion is a fixed fragment chosen by which criteria
 * were given; every value travels as a bind parameter, never inside the SQL text.
 *
 *   near      location_cells && the grid cells the circle may touch (GIN service_location_cells_idx,
 *             combined with the text's index), then the exact distance over the row's location
 *             arrays, the nearest within the radius kept (migration DirectorySearchPlaces); the
 *             public points' arrays where the viewer may not see (migration DirectoryPublicPoints)
 *   text      search_document @@ tsquery (GIN service_search_document_idx), the tsquery made
 *             beforehand (search-words.ts) and bound as a value, so the planner weighs the word:
 *             a rare word reads the text's index, one in every description the grid cells'
 *   openAt    service_open_at(): each location's hours read in its own zone (migration DirectorySearchIndexes)
 *
 * Each row carries a sort key (a, b, c, id) ascending for every sort, so a keyset cursor
 * is one row comparison.
 *
 * The counts (totalCount, facets) are exact up to COUNT_CAP matches; past it they are estimated
 * from a sample of the table read with the very same criteria (see searchPage).
 */
export interface SearchCriteria {
  /** The text as a tsquery (search-words.ts), as text. */
  query: string | null;
  near: { latitude: number; longitude: number; radiusMeters: number } | null;
  openAt: Date | null;
  /** The instant an edge's `open` answers for: openAt, or now. */
  openFor: Date;
  categories: ServiceCategory[] | null;
  taxonomyCodes: string[] | null;
  languages: string[] | null;
  age: number | null;
  populations: Population[] | null;
  insurance: Insurance[] | null;
  hasCapacity: boolean | null;
  organizationId: string | null;
  statuses: ServiceStatus[];
  sort: ServiceSort;
  /** Whose confidential locations the viewer may see (location.policy.ts); the others are measured from their public points, in whole kilometres, sort keys and cursors included. */
  confidentialReach: { everywhere: boolean; organizationId: string | null };
}

/** (a, b, c): a and b float8, c text; ties broken by id. */
const SORT_KEYS: Record<ServiceSort, [string, string, string]> = {
  [ServiceSort.RELEVANCE]: ['-rank', 'coalesce(meters, 0)', 'lower(name)'],
  [ServiceSort.DISTANCE]: ['coalesce(meters, 0)', '0', 'lower(name)'],
  [ServiceSort.NAME]: ['0', '0', 'lower(name)'],
  [ServiceSort.RECENTLY_VERIFIED]: ['-coalesce(extract(epoch FROM assured_date)::float8, 0)', '0', 'lower(name)'],
};

export type SortKey = [number, number, string, string];

export interface SearchRow {
  id: string;
  /** To the nearest location (a confidential one the viewer may not see: its public point); whole kilometres when a confidential location the viewer may not see is within the radius. */
  meters: number | null;
  open: boolean | null;
  a: number;
  b: number;
  c: string;
}

/** Bind parameters in the order the SQL names them ($1, $2, …). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The services of `table` (aliased s) matching every criterion except categories (facets count
 * over this) and the conditions `also` (SQL over s, values already in p), and the relevance rank
 * over its `document` column: ranked only for the asked categories, since ranking costs more than
 * matching and a common word matches most of the directory. Exported for readers that page their
 * own way over the same matches (the HSDS API), with `also` for criteria of their own.
 */
export function matched(c: SearchCriteria, p: Params, table: string, also: string[] = []): { sql: string; rank: string } {
  const where = [`s.status = ANY (${p.add(c.statuses)}::text[])`, ...also];
  let from = table;
  let meters = 'NULL::float8';
  if (c.near) {
    const radius = p.add(c.near.radiusMeters);
    const [latitude, longitude] = [p.add(c.near.latitude), p.add(c.near.longitude)];
    const reach = c.confidentialReach;
    // Where the viewer may not see a row's confidential locations, each stands at its public point
    // (migration DirectoryPublicPoints): the radius, the distance and so the sort key, the cursor and
    // the facets all measure from there.
    const seen = seesConfidentialSql(reach, 's.organization_id', (organizationId) => p.add(organizationId));
    const places = `CASE WHEN ${seen} THEN s.location_latitudes ELSE s.location_public_latitudes END,
                           CASE WHEN ${seen} THEN s.location_longitudes ELSE s.location_public_longitudes END`;
    // The grid cells the circle may touch (GIN) narrow on the same table as the text, so the two
    // indexes combine; the exact distance is then measured over the row's own location arrays. A
    // public point lies in its location's own cell, so the cells admit a row for either point.
    from += `
      CROSS JOIN LATERAL (SELECT min(l.meters) AS meters, bool_or(l.confidential) AS confidential_nearby
                          FROM unnest(${places}, s.location_confidential) AS located (latitude, longitude, confidential)
                          CROSS JOIN LATERAL (SELECT great_circle_m(${latitude}, ${longitude}, located.latitude, located.longitude) AS meters, located.confidential) l
                          WHERE l.meters <= ${radius}) near`;
    where.push(`s.location_cells && earth_cells_near(${latitude}, ${longitude}, ${radius})`, 'near.meters IS NOT NULL');
    meters = `CASE WHEN near.confidential_nearby AND NOT (${seen}) THEN round(near.meters / 1000) * 1000 ELSE near.meters END`;
  }
  let rank = '0::float8';
  let document = 'NULL::tsvector';
  if (c.query) {
    const tsquery = `${p.add(c.query)}::tsquery`;
    where.push(`s.search_document @@ ${tsquery}`);
    // Weights {D, C, B, A}: name over taxonomy over description over organization.
    rank = `ts_rank('{0.1, 0.2, 0.4, 1.0}', document, ${tsquery})::float8`;
    document = 's.search_document';
  }
  if (c.taxonomyCodes?.length) {
    where.push(`EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id AND t.taxonomy_id = '${BEACON_TAXONOMY_ID}'
                        WHERE a.link_id = s.id AND (t.code = ANY (${p.add(c.taxonomyCodes)}::text[]) OR t.code LIKE ANY (${p.add(c.taxonomyCodes.map((code) => `${escapeLike(code)}.%`))}::text[])))`);
  }
  if (c.languages?.length) where.push(`EXISTS (SELECT 1 FROM language lg WHERE lg.service_id = s.id AND lg.code = ANY (${p.add(c.languages)}::text[]))`);
  if (c.age != null) {
    const age = p.add(c.age);
    where.push(`coalesce(s.minimum_age, 0) <= ${age} AND coalesce(s.maximum_age, 120) >= ${age}`);
  }
  if (c.populations?.length) where.push(`s.populations && ${p.add(c.populations)}::text[]`);
  if (c.insurance?.length) where.push(`s.accepted_insurance && ${p.add(c.insurance)}::text[]`);
  if (c.hasCapacity != null) {
    where.push(`${c.hasCapacity ? '' : 'NOT '}EXISTS (SELECT 1 FROM service_capacity sc WHERE sc.service_id = s.id AND sc.available > 0)`);
  }
  if (c.organizationId) where.push(`s.organization_id = ${p.add(c.organizationId)}`);
  if (c.openAt) {
    // service_open_at() IS TRUE, written out so the planner sees the join (a semi-join, not a call per row).
    where.push(`EXISTS (SELECT 1 FROM service_at_location sal JOIN location l ON l.id = sal.location_id JOIN schedule sc ON sc.location_id = l.id
                        WHERE sal.service_id = s.id AND schedule_is_open(sc.byday, sc.opens_at, sc.closes_at, l.time_zone, ${p.add(c.openAt)}))`);
  }
  const sql = `
    SELECT s.id, s.category, s.name, s.assured_date, ${meters} AS meters, ${document} AS document
    FROM ${from}
    WHERE ${where.join('\n      AND ')}`;
  return { sql, rank };
}

export interface FacetRow {
  category: ServiceCategory;
  count: number;
}

/**
 * Counts are exact up to this many matches over all categories; past it they are estimates
 * (countsAreEstimates). An exact count costs every match in the radius, each measured: a word in
 * every description paid for 24,000 of them (recovery, 25 km of New York, 100,000 services) to
 * show a page of 20. Past a thousand, a person needs the size, not the number.
 */
export const COUNT_CAP = 1000;

/**
 * The estimate reads about this many rows of service, in whole pages chosen at random
 * (TABLESAMPLE SYSTEM) with a fixed seed, so the same search gets the same estimate. On
 * 100,000 services (2% of the table) it took 3 to 6 ms of execution, and its error (root mean
 * square over 20 seeds) was 8% of the total for "recovery" (24,000 matches), 14% for "housing"
 * (5,000), 23% for "detox" (1,100), and 14 to 25% for a category of more than 500; 5,000 rows
 * cut the error by a tenth to a half for about twice the time. A table of fewer rows is read
 * whole: exact.
 */
const SAMPLE_ROWS = 2000;

/**
 * One page of matches after `after` (a sort key), with distance and `open` per row; with
 * `withCounts`, the category counts ride in the same statement (after the page rows, with a null
 * id): `count` exact over the first COUNT_CAP + 1 matches in whatever order they come (neither
 * ranked nor sorted) and, only when there are more, `estimate`: the same criteria over a sample of
 * the table, scaled up. The sample applies every criterion the page does, the public points
 * included, so an estimate tells no more than the exact count would.
 *
 * Where the page measures every match anyway (a text's rank, a distance), the matches of the
 * asked categories are found once for the page and the count (`chosen`, materialized); those of the other categories (`others`) are read only while the asked ones are
 * under the cap, so a common word pays for one category's matches and a sample, not for the
 * radius. `others` is materialized so that its plan is made for all its rows and its LIMIT only
 * stops the reading: planned under the LIMIT, it bet on a sequential scan meeting 1,001 matches
 * early, and read 20,000 rows for them ("outpatient", 62 ms against 9).
 */
export function searchPage(c: SearchCriteria, after: SortKey | null, limit: number, withCounts: boolean) {
  const p = new Params();
  const [a, b, cKey] = SORT_KEYS[c.sort];
  // A text's rank or a distance is known only by measuring every match, so the page reads them all
  // and the count reuses them; any other order (names, verification dates) walks an index and
  // stops at the page's end, and the count then reads at most COUNT_CAP + 1 matches of its own:
  // materialized, "open now" over 20,000 services measured all 3,818 of its matches (112 ms) for 21.
  const ranksEveryMatch = c.query !== null || c.near !== null;
  const { sql: matchedSql, rank } = matched(c, p, 'service s');
  const asked = c.categories?.length ? `category = ANY (${p.add(c.categories)}::text[])` : null;
  const keyset = after ? `WHERE (a, b, c, id) > (${p.add(after[0])}::float8, ${p.add(after[1])}::float8, ${p.add(after[2])}::text, ${p.add(after[3])}::uuid)` : '';
  const countRow = 'NULL::uuid, NULL::float8, NULL::boolean, NULL::float8, NULL::float8, NULL::text, category';
  const countCtes = withCounts
    ? `,
    counted_chosen AS (SELECT category FROM chosen LIMIT ${COUNT_CAP + 1}),${asked ? `
    others AS MATERIALIZED (SELECT category FROM matched WHERE NOT (${asked})),` : ''}
    counted AS (
      SELECT category FROM counted_chosen
      ${asked ? `UNION ALL
      (SELECT category FROM others WHERE (SELECT count(*) FROM counted_chosen) <= ${COUNT_CAP} LIMIT ${COUNT_CAP + 1})` : ''}),
    sample AS (SELECT least(100, 100.0 * ${SAMPLE_ROWS} / greatest(reltuples, 1))::float4 AS percent FROM pg_class WHERE oid = 'service'::regclass),
    -- Read once, and only when the estimate is needed: left inside the estimate's joins, the planner
    -- (blind to the sample's size) rescanned it once per service with capacity, 4,155 times in 3 s.
    sampled_service AS MATERIALIZED (SELECT * FROM service TABLESAMPLE SYSTEM ((SELECT percent FROM sample)) REPEATABLE (0))`
    : '';
  const counts = withCounts
    ? `UNION ALL
    SELECT ${countRow}, count(*)::int, NULL::int FROM counted GROUP BY category
    UNION ALL
    SELECT ${countRow}, NULL::int, round(count(*) * 100 / min(sample.percent))::int
    FROM (${matched(c, p, 'sampled_service s').sql}) sampled, sample
    WHERE (SELECT count(*) FROM counted) > ${COUNT_CAP}
    GROUP BY category`
    : '';
  const sql = `
    WITH matched AS NOT MATERIALIZED (${matchedSql}),
    chosen AS ${withCounts && ranksEveryMatch ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (SELECT * FROM matched ${asked ? `WHERE ${asked}` : ''}),
    page AS (
      SELECT id, meters, a, b, c
      FROM (SELECT id, meters, (${a})::float8 AS a, (${b})::float8 AS b, ${cKey} AS c
            FROM (SELECT *, ${rank} AS rank FROM chosen) ranked) keyed
      ${keyset}
      ORDER BY a, b, c, id
      LIMIT ${p.add(limit)})${countCtes}
    SELECT id, meters, service_open_at(id, ${p.add(c.openFor)}) AS open, a, b, c, NULL::text AS category, NULL::int AS count, NULL::int AS estimate FROM page
    ${counts}
    ORDER BY a, b, c, id`;
  return { sql, params: p.values };
}
