import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/passwords';
import { bulkQuery, type Progress } from './bulk';

export interface SyntheticClientsOptions {
  /** Peer-support organizations, each with one supervisor. */
  organizations?: number;
  /** Coaches, spread evenly over the organizations. */
  coaches?: number;
  /** Clients, spread evenly over the coaches. */
  clients?: number;
  progress?: Progress;
}

/** Every synthetic coach and supervisor signs in with this password (coach-1@synthetic.beacon, supervisor-1@synthetic.beacon, ...). */
export const SYNTHETIC_PASSWORD = 'synthetic-password';

const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Jamie', 'Riley', 'Avery', 'Quinn', 'Maria', 'Jose', 'Aisha', 'Wei', 'Fatima', 'Dmitri', 'Grace', 'Luis', 'Nia', 'Omar'];
const LAST_NAMES = ['Smith', 'Johnson', 'Garcia', 'Brown', 'Lopez', 'Nguyen', 'Williams', 'Martinez', 'Davis', 'Kim', 'Okafor', 'Patel', 'Rossi', 'Cohen', 'Silva', 'Murphy', 'Haddad', 'Novak', 'Reyes', 'Baker'];

/**
 * Peer-support organizations with a supervisor each, their coaches, and their clients
 * (with goals for most and consents toward provider organizations where any exist), in a
 * handful of set-based statements: 200,000 clients load in seconds. Personal details are
 * partial on purpose, as in real caseloads (some clients are known by an alias only).
 */
export async function generateClients(dataSource: DataSource, options: SyntheticClientsOptions = {}) {
  const organizations = options.organizations ?? 40;
  const coaches = options.coaches ?? 1_200;
  const clients = options.clients ?? 200_000;
  const passwordHash = await hashPassword(SYNTHETIC_PASSWORD);

  return dataSource.transaction(async (em) => {
    const q = bulkQuery(em, options.progress);
    await q(`SELECT setseed(0.4)`);
    await q(
      `CREATE TEMP TABLE syn_org ON COMMIT DROP AS
         SELECT g AS n, gen_random_uuid() AS id, gen_random_uuid() AS supervisor_id FROM generate_series(1, $1::int) g`,
      [organizations],
    );
    await q(`
      INSERT INTO organization (id, name, description, kinds)
      SELECT id, 'Synthetic Peer Network ' || n, 'Peer support and recovery coaching, synthetic organization ' || n, ARRAY['PEER_SUPPORT']
        FROM syn_org`);
    await q(
      `INSERT INTO app_user (id, email, name, role, coach_kind, organization_id, password_hash)
       SELECT supervisor_id, 'supervisor-' || n || '@synthetic.beacon', 'Supervisor ' || n, 'SUPERVISOR', 'PEER_SUPPORT_WORKER', id, $1
         FROM syn_org`,
      [passwordHash],
    );
    await q(
      `CREATE TEMP TABLE syn_coach ON COMMIT DROP AS
         SELECT g AS n, gen_random_uuid() AS id, o.id AS organization_id, o.supervisor_id
           FROM generate_series(1, $1::int) g JOIN syn_org o ON o.n = 1 + (g - 1) % $2::int`,
      [coaches, organizations],
    );
    await q(
      `INSERT INTO app_user (id, email, name, role, coach_kind, organization_id, supervisor_id, password_hash)
       SELECT id, 'coach-' || n || '@synthetic.beacon', 'Coach ' || n, 'COACH',
              CASE WHEN n % 2 = 0 THEN 'RECOVERY_COACH' ELSE 'PEER_SUPPORT_WORKER' END, organization_id, supervisor_id, $1
         FROM syn_coach`,
      [passwordHash],
    );

    // Clients: ~80% give names, ~60% a phone, ~35% an email; created over the past 24 months.
    await q(
      `CREATE TEMP TABLE syn_client ON COMMIT DROP AS
         SELECT gen_random_uuid() AS id, g AS n, c.id AS coach_id, c.organization_id,
                ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int] AS first,
                ($4::text[])[1 + floor(random() * cardinality($4::text[]))::int] AS last,
                random() AS r, now() - random() * interval '730 days' AS created_at
           FROM generate_series(1, $1::int) g JOIN syn_coach c ON c.n = 1 + (g - 1) % $2::int`,
      [clients, coaches, FIRST_NAMES, LAST_NAMES],
    );
    await q(`
      INSERT INTO client (id, organization_id, assigned_coach_id, alias, first_name, last_name, phone, email, birth_year,
                          postal_code, languages, contact_preference, created_at, updated_at)
      SELECT id, organization_id, coach_id,
             first || ' ' || left(last, 1) || '. #' || n,
             CASE WHEN r < 0.8 THEN first END,
             CASE WHEN r < 0.8 THEN last END,
             CASE WHEN r < 0.6 THEN '555-' || lpad((n % 10000)::text, 4, '0') END,
             CASE WHEN r < 0.35 THEN lower(first) || '.' || lower(last) || n || '@example.org' END,
             CASE WHEN r < 0.9 THEN 1950 + (n * 13) % 56 END,
             CASE WHEN r < 0.7 THEN lpad((10000 + n % 900)::text, 5, '0') END,
             CASE WHEN n % 10 < 7 THEN ARRAY['en'] WHEN n % 10 < 9 THEN ARRAY['es', 'en'] ELSE ARRAY['es'] END,
             (ARRAY['PHONE', 'PHONE', 'TEXT', 'TEXT', 'EMAIL', 'DO_NOT_CONTACT'])[1 + n % 6],
             created_at, created_at
        FROM syn_client`);

    // Goals: one to three for two clients in three, in their first weeks; achieved ones carry their day.
    await q(`
      INSERT INTO goal (client_id, domain, description, status, target_date, achieved_on, created_at, updated_at)
      SELECT c.id, d.domain, 'Synthetic ' || lower(d.domain) || ' goal', d.status,
             (c.created_at + interval '90 days')::date,
             CASE WHEN d.status = 'ACHIEVED' THEN least(now(), c.created_at + interval '60 days')::date END,
             c.created_at + interval '1 day', c.created_at + interval '1 day'
        FROM syn_client c
        CROSS JOIN LATERAL (
          SELECT (ARRAY['HOUSING','EMPLOYMENT','EDUCATION','TREATMENT','RECOVERY','HEALTH','RELATIONSHIPS','LEGAL','FINANCIAL'])[1 + (c.n + k * 4) % 9] AS domain,
                 (ARRAY['ACTIVE','ACTIVE','ACHIEVED','ABANDONED'])[1 + (c.n + k) % 4] AS status
            FROM generate_series(1, 1 + c.n % 3) k
        ) d
       WHERE c.n % 3 <> 0`);

    // Consents toward provider organizations (when the directory is loaded): a third of clients, some revoked or expired.
    await q(`
      WITH providers AS (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM organization WHERE 'PROVIDER' = ANY(kinds))
      INSERT INTO consent (client_id, organization_id, scope, method, granted_at, expires_at, revoked_at, recorded_by_id)
      SELECT c.id, p.id, s.scope, (ARRAY['VERBAL','WRITTEN','ELECTRONIC'])[1 + c.n % 3],
             c.created_at + interval '2 days',
             CASE WHEN c.n % 4 = 0 THEN c.created_at + interval '367 days' END,
             CASE WHEN c.n % 9 = 0 THEN c.created_at + interval '30 days' END,
             c.coach_id
        FROM syn_client c
        JOIN providers p ON p.n = 1 + c.n % p.total
        CROSS JOIN LATERAL (SELECT unnest(CASE WHEN c.n % 2 = 0 THEN ARRAY['SHARE_CONTACT','SHARE_NOTES'] ELSE ARRAY['SHARE_CONTACT'] END) AS scope) s
       WHERE c.n % 3 = 1
         AND c.created_at + interval '30 days' < now()`);

    const [counts] = await q(`
      SELECT (SELECT count(*) FROM syn_client)::int AS clients,
             (SELECT count(*) FROM goal g JOIN syn_client c ON c.id = g.client_id)::int AS goals,
             (SELECT count(*) FROM consent s JOIN syn_client c ON c.id = s.client_id)::int AS consents`);
    return { organizations, coaches, supervisors: organizations, ...counts } as {
      organizations: number;
      coaches: number;
      supervisors: number;
      clients: number;
      goals: number;
      consents: number;
    };
  });
}
