import type { DataSource } from 'typeorm';
import { bulkQuery, bulkTransaction, type Progress } from './bulk';

export interface SyntheticDirectoryOptions {
  /** Provider organizations. */
  providers?: number;
  /** Services, spread over the providers. */
  services?: number;
  /** Locations: one per service, the rest as second sites of random services. */
  locations?: number;
  progress?: Progress;
}

const PLACES = ['Harbor', 'Tidewater', 'Lighthouse', 'Bayside', 'Riverside', 'Northgate', 'Cedar Hill', 'Maple', 'Summit', 'Oak Park', 'Eastport', 'Westfield', 'Pine Ridge', 'Lakeview', 'Southside', 'Union', 'Brookline', 'Fairview', 'Kingston', 'Millbrook'];
const PROVIDER_KINDS = ['Recovery Center', 'Housing Collaborative', 'Community Health', 'Employment Services', 'Family Services', 'Treatment Center', 'Outreach', 'Legal Aid', 'Food Bank', 'Peer Alliance'];
/** Region centres (New York metro and around): services cluster around them, as in a real state directory. */
export const CENTRES = [
  [40.75, -73.99], [40.68, -73.94], [40.85, -73.87], [40.73, -74.17], [40.92, -74.17],
  [41.03, -73.76], [40.58, -74.15], [41.31, -72.92], [40.22, -74.76], [41.7, -73.93],
];
const STREETS = ['Main St', 'Harbor St', 'Broad St', 'Church St', 'Elm St', 'Washington Ave', 'Park Ave', 'Union St', 'Market St', 'Water St'];
const EXTRA_LANGUAGES = ['zh', 'vi', 'ru', 'ht', 'ar', 'fr', 'ko', 'pt', 'pl', 'bn'];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;

/**
 * Providers, services and locations with realistic spread (categories and taxonomy terms,
 * coordinates clustered around region centres, weekly hours including overnight and 24/7
 * ones, capacity, languages, eligibility, insurance), in set-based statements.
 *
 * Each service row is written once, with its final search document and places (migration
 * DirectoryBulkRefresh): the locations are drawn first, so no statement updates a service after
 * inserting it. Updating them all afterwards left a dead row per service, twice over, and with
 * autovacuum off a service table twice its size. A fifth of the default 2,000 / 100,000 /
 * 150,000 loads in under half a minute on a busy 2-core machine.
 */
export async function generateDirectory(dataSource: DataSource, options: SyntheticDirectoryOptions = {}) {
  const providers = options.providers ?? 2_000;
  const services = options.services ?? 100_000;
  const locations = Math.max(options.locations ?? 150_000, services);

  await dataSource.transaction(async (em) => {
    const q = bulkQuery(em, options.progress);
    await bulkTransaction(em, 0.3);
    await q(
      `CREATE TEMP TABLE syn_provider ON COMMIT DROP AS
         SELECT g AS n, gen_random_uuid() AS id FROM generate_series(1, $1::int) g`,
      [providers],
    );
    await q(`
      INSERT INTO organization (id, name, description, kinds, phone, website)
      SELECT id,
             (${sqlArray(PLACES)})[1 + n % ${PLACES.length}] || ' ' || (${sqlArray(PROVIDER_KINDS)})[1 + (n / ${PLACES.length}) % ${PROVIDER_KINDS.length}] || ' ' || n,
             'Synthetic provider ' || n || ' serving the region.', ARRAY['PROVIDER'],
             '(555) ' || lpad((n % 1000)::text, 3, '0') || '-' || lpad((n % 10000)::text, 4, '0'),
             'https://provider-' || n || '.example.org'
        FROM syn_provider`);

    // Leaf terms per category, to give each service one or two of its own category's terms.
    await q(`
      CREATE TEMP TABLE syn_terms ON COMMIT DROP AS
        SELECT category, array_agg(id ORDER BY code) AS ids, array_agg(name ORDER BY code) AS names
          FROM taxonomy_term WHERE parent_id IS NOT NULL GROUP BY category`);
    await q(
      `CREATE TEMP TABLE syn_service ON COMMIT DROP AS
         SELECT g AS n, gen_random_uuid() AS id, p.id AS organization_id,
                (ARRAY['HOUSING','HOUSING','TREATMENT','TREATMENT','RECOVERY_SUPPORT','EMPLOYMENT','BASIC_NEEDS','HEALTH_CARE','EDUCATION','LEGAL','FINANCIAL','TRANSPORTATION'])[1 + floor(random() * 12)::int] AS category,
                random() AS r
           FROM generate_series(1, $1::int) g JOIN syn_provider p ON p.n = 1 + (g - 1) % $2::int`,
      [services, providers],
    );
    await q(`
      CREATE TEMP TABLE syn_attribute ON COMMIT DROP AS
        SELECT DISTINCT s.id AS service_id, t.ids[1 + (s.n + k * 3) % cardinality(t.ids)] AS term_id
          FROM syn_service s JOIN syn_terms t ON t.category = s.category, generate_series(0, 1) k
         WHERE k = 0 OR s.n % 2 = 0`);

    const centre = (axis: 0 | 1) => `(ARRAY[${CENTRES.map((c) => c[axis]).join(', ')}])[1 + centre]`;
    // Sums of uniforms cluster around each centre (about 20 km out, a few up to 60 km).
    await q(
      `CREATE TEMP TABLE syn_location ON COMMIT DROP AS
         SELECT n, id, service_n, centre, n % 97 = 0 AS confidential,
                ${centre(0)} + (random() + random() + random() - 1.5) * 0.35 AS latitude,
                ${centre(1)} + (random() + random() + random() - 1.5) * 0.45 AS longitude
           FROM (SELECT g AS n, gen_random_uuid() AS id,
                        CASE WHEN g <= $1::int THEN g ELSE 1 + floor(random() * $1::int)::int END AS service_n,
                        floor(random() * ${CENTRES.length})::int AS centre
                   FROM generate_series(1, $2::int) g) drawn`,
      [services, locations],
    );
    // Each service's places, in the order and form the places refresh keeps them.
    await q(`
      CREATE TEMP TABLE syn_places ON COMMIT DROP AS
        SELECT service_n, array_agg(latitude ORDER BY id) AS latitudes, array_agg(longitude ORDER BY id) AS longitudes,
               array_agg(confidential ORDER BY id) AS confidential
          FROM syn_location GROUP BY service_n`);

    await q(`
      INSERT INTO service (id, organization_id, name, description, category, status, minimum_age, maximum_age,
                           populations, accepted_insurance, required_documents, url, assured_date, created_at, updated_at,
                           search_document, location_cells, location_latitudes, location_longitudes, location_confidential)
      SELECT s.id, s.organization_id, s.name, s.description, s.category,
             CASE WHEN s.r < 0.92 THEN 'ACTIVE' WHEN s.r < 0.95 THEN 'TEMPORARILY_CLOSED' WHEN s.r < 0.98 THEN 'INACTIVE' ELSE 'DEFUNCT' END,
             CASE WHEN s.n % 5 = 0 THEN 18 WHEN s.n % 11 = 0 THEN 12 END,
             CASE WHEN s.n % 11 = 0 THEN 24 WHEN s.n % 13 = 0 THEN 64 END,
             CASE s.n % 9 WHEN 0 THEN ARRAY['VETERANS'] WHEN 1 THEN ARRAY['WOMEN','PREGNANT_OR_PARENTING'] WHEN 2 THEN ARRAY['YOUTH']
                          WHEN 3 THEN ARRAY['REENTRY'] WHEN 4 THEN ARRAY['PEOPLE_EXPERIENCING_HOMELESSNESS'] ELSE '{}' END,
             CASE s.n % 4 WHEN 0 THEN ARRAY['MEDICAID','UNINSURED'] WHEN 1 THEN ARRAY['MEDICAID','MEDICARE','PRIVATE'] WHEN 2 THEN ARRAY['VA'] ELSE '{}' END,
             CASE WHEN s.n % 3 = 0 THEN ARRAY['Photo ID'] ELSE '{}' END,
             'https://provider-' || s.n || '.example.org/services',
             CASE WHEN s.r < 0.7 THEN now() - random() * interval '365 days' END,
             now() - random() * interval '730 days', now() - random() * interval '30 days',
             service_search_document(s.name, terms.names, s.description, o.name),
             earth_cells_of(p.latitudes, p.longitudes), p.latitudes, p.longitudes, p.confidential
        FROM (SELECT s.*, t.names[1 + s.n % cardinality(t.names)] || ' - ' || (${sqlArray(PLACES)})[1 + (s.n / 7) % ${PLACES.length}] || ' ' || s.n AS name,
                     'Synthetic listing ' || s.n || ': ' || lower(t.names[1 + s.n % cardinality(t.names)]) || ' for adults and families in recovery, walk-ins welcome.' AS description
                FROM syn_service s JOIN syn_terms t ON t.category = s.category) s
        JOIN organization o ON o.id = s.organization_id
        JOIN syn_places p ON p.service_n = s.n
        JOIN (SELECT a.service_id, string_agg(tt.name, ' ' ORDER BY tt.code) AS names
                FROM syn_attribute a JOIN taxonomy_term tt ON tt.id = a.term_id GROUP BY a.service_id) terms ON terms.service_id = s.id`);
    await q(`INSERT INTO attribute (link_id, taxonomy_term_id) SELECT service_id, term_id FROM syn_attribute`);

    await q(`
      INSERT INTO location (id, organization_id, name, confidential, latitude, longitude, time_zone, accessibility)
      SELECT l.id, s.organization_id, CASE WHEN l.n > ${services} THEN 'Satellite site' ELSE 'Main site' END,
             l.confidential, l.latitude, l.longitude,
             CASE WHEN l.n % 50 = 0 THEN 'America/Chicago' ELSE 'America/New_York' END,
             CASE WHEN l.n % 3 = 0 THEN ARRAY['wheelchair accessible'] ELSE '{}' END
        FROM syn_location l JOIN syn_service s ON s.n = l.service_n`);
    // Without foreign-key triggers (a superuser's bulk transaction) the places triggers do not run
    // either; otherwise they find every service's places already written.
    await q(`
      INSERT INTO service_at_location (service_id, location_id, position)
      SELECT s.id, l.id, CASE WHEN l.n > ${services} THEN 1 ELSE 0 END
        FROM syn_location l JOIN syn_service s ON s.n = l.service_n`);
    await q(`
      INSERT INTO address (location_id, address_1, city, state_province, postal_code, country)
      SELECT l.id, (1 + l.n % 2000) || ' ' || (${sqlArray(STREETS)})[1 + l.n % ${STREETS.length}],
             (${sqlArray(PLACES)})[1 + l.centre * 2], CASE WHEN l.centre IN (3, 4, 6, 8) THEN 'NJ' WHEN l.centre = 7 THEN 'CT' ELSE 'NY' END,
             lpad((7000 + l.n % 3000)::text, 5, '0'), 'US'
        FROM syn_location l`);
    await q(`
      INSERT INTO phone (location_id, number, type)
      SELECT l.id, '(555) ' || lpad((l.n % 1000)::text, 3, '0') || '-' || lpad((l.n % 10000)::text, 4, '0'), 'voice' FROM syn_location l`);
    // Hours by pattern: weekdays 9-5 (most), 24/7, an overnight crisis line (20:00-08:00), long days with Saturday, none.
    await q(`
      INSERT INTO schedule (location_id, byday, opens_at, closes_at)
      SELECT l.id, d,
             CASE WHEN l.n % 10 < 6 THEN '09:00' WHEN l.n % 10 = 6 THEN '00:00' WHEN l.n % 10 = 7 THEN '20:00' ELSE '08:00' END::time,
             CASE WHEN l.n % 10 < 6 THEN '17:00' WHEN l.n % 10 = 6 THEN '24:00' WHEN l.n % 10 = 7 THEN '08:00' ELSE '20:00' END::time
        FROM syn_location l, generate_series(1, 7) d
       WHERE l.n % 10 <> 9 AND (d <= 5 OR l.n % 10 IN (6, 7) OR (l.n % 10 = 8 AND d = 6))`);

    await q(`
      INSERT INTO language (service_id, code, position)
      SELECT s.id, 'en', 0 FROM syn_service s
      UNION ALL SELECT s.id, 'es', 1 FROM syn_service s WHERE s.n % 5 < 2
      UNION ALL SELECT s.id, (${sqlArray(EXTRA_LANGUAGES)})[1 + s.n % ${EXTRA_LANGUAGES.length}], 2 FROM syn_service s WHERE s.n % 7 = 0`);
    await q(`
      INSERT INTO service_capacity (service_id, available, maximum, unit, updated)
      SELECT s.id, (s.n * 7) % 21, 20, CASE s.category WHEN 'HOUSING' THEN 'beds' ELSE 'slots' END,
             now() - random() * interval '96 hours'
        FROM syn_service s WHERE s.category IN ('HOUSING', 'TREATMENT')`);
    await q(`
      INSERT INTO cost_option (service_id, option, amount, currency, position)
      SELECT s.id, CASE WHEN s.n % 2 = 0 THEN 'Free' ELSE 'Sliding scale' END, CASE WHEN s.n % 2 = 1 THEN 10 + s.n % 40 END,
             CASE WHEN s.n % 2 = 1 THEN 'USD' END, 0
        FROM syn_service s WHERE s.n % 3 = 0`);
    await q(`SELECT search_words_add(ARRAY(SELECT id FROM syn_service))`);
  });
  await dataSource.query(`VACUUM ANALYZE organization, service, attribute, location, service_at_location, address, phone, schedule, language, service_capacity, cost_option, search_word`);
  return { providers, services, locations };
}
