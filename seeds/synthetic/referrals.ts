import type { DataSource } from 'typeorm';
import { OPEN_STATUSES } from '../../src/referrals/enums';
import { bulkQuery, bulkTransaction, type Progress } from './bulk';

export interface ReferralVolume {
  /** How many referrals to add (default 1,000,000). */
  referrals?: number;
  /** The services to refer to, drawn uniformly from this list (one listed twice is drawn twice as often); default every service. */
  serviceIds?: string[];
  /** How many days back the closed referrals spread (default 730; open ones are always from the last 45 days). */
  days?: number;
  /** Closed referrals only (REJECTED, COMPLETED, FAILED, CANCELLED, ENTERED_IN_ERROR), leaving follow-up queues as they are. */
  closedOnly?: boolean;
  /** A seed from -1 to 1 for PostgreSQL's random(): the same seed over the same clients and services gives the same referrals. */
  seed?: number;
  progress?: Progress;
}

/**
 * Each status's path through the lifecycle, as history events (step 1 is the creation).
 * `agency` marks the receiving agency's steps.
 */
const PATHS: [status: string, steps: [from: string | null, to: string, agency: boolean][]][] = [
  ['DRAFT', [[null, 'DRAFT', false]]],
  ['REQUESTED', [[null, 'REQUESTED', false]]],
  ['ACCEPTED', [[null, 'REQUESTED', false], ['REQUESTED', 'ACCEPTED', true]]],
  ['IN_PROGRESS', [[null, 'REQUESTED', false], ['REQUESTED', 'ACCEPTED', true], ['ACCEPTED', 'IN_PROGRESS', true]]],
  ['ON_HOLD', [[null, 'REQUESTED', false], ['REQUESTED', 'ACCEPTED', true], ['ACCEPTED', 'ON_HOLD', true]]],
  ['REJECTED', [[null, 'REQUESTED', false], ['REQUESTED', 'REJECTED', true]]],
  ['COMPLETED', [[null, 'REQUESTED', false], ['REQUESTED', 'ACCEPTED', true], ['ACCEPTED', 'IN_PROGRESS', true], ['IN_PROGRESS', 'COMPLETED', true]]],
  ['FAILED', [[null, 'REQUESTED', false], ['REQUESTED', 'ACCEPTED', true], ['ACCEPTED', 'FAILED', true]]],
  ['CANCELLED', [[null, 'REQUESTED', false], ['REQUESTED', 'CANCELLED', false]]],
  ['ENTERED_IN_ERROR', [[null, 'REQUESTED', false], ['REQUESTED', 'ENTERED_IN_ERROR', false]]],
];

/** Each status's share: most referrals are closed, the open ones recent. */
const STATUS_SHARES: [string, number][] = [
  ['DRAFT', 0.02], ['REQUESTED', 0.06], ['ACCEPTED', 0.04], ['IN_PROGRESS', 0.08], ['ON_HOLD', 0.03],
  ['REJECTED', 0.08], ['COMPLETED', 0.4], ['FAILED', 0.12], ['CANCELLED', 0.15], ['ENTERED_IN_ERROR', 0.02],
];
/** The referral domain's own list, as the text the table holds. */
const OPEN: string[] = OPEN_STATUSES;

/** The shares as cumulative upper bounds from 0 to 1, for drawing a status with one random number. */
function cumulativeShares(closedOnly: boolean): { status: string; upto: number }[] {
  const shares = STATUS_SHARES.filter(([status]) => !(closedOnly && OPEN.includes(status)));
  const total = shares.reduce((sum, [, share]) => sum + share, 0);
  let sum = 0;
  // The last bound is exactly 1 whatever the rounding, since random() is always below it.
  return shares.map(([status, share], i) => ({ status, upto: i === shares.length - 1 ? 1 : (sum += share) / total }));
}

const REASONS: Record<string, string> = {
  REJECTED: 'Does not meet eligibility',
  ON_HOLD: 'Waiting on documents',
  FAILED: 'Client stopped attending',
  CANCELLED: 'Client chose another program',
  ENTERED_IN_ERROR: 'Made for the wrong client',
};

/**
 * Adds referrals over the clients and services already in the database, in set-based SQL
 * (1,000,000 load in a minute or two): by default spread over the past 24 months, every status with its
 * history, outcomes on the closed ones, a note on about half. Follow-up dates use calendar
 * days (a weekend-aware approximation of the business-day rule; the server computes exact ones).
 */
export async function generateReferrals(dataSource: DataSource, { referrals = 1_000_000, serviceIds, days = 730, closedOnly = false, seed, progress }: ReferralVolume = {}): Promise<void> {
  await dataSource.transaction(async (em) => {
    const q = bulkQuery(em, progress);
    // Every draw below comes from random() (the ids and record keys do not: they use the strong source).
    await bulkTransaction(em, seed);
    // Rows are numbered in a stable order, so that a seed draws the same clients and services again.
    await q(`CREATE TEMP TABLE syn_client ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY c.created_at, c.id) AS n, c.id, c.organization_id,
             COALESCE(c.assigned_coach_id, (SELECT u.id FROM app_user u WHERE u.organization_id = c.organization_id AND u.role IN ('COACH','SUPERVISOR') ORDER BY u.id LIMIT 1)) AS coach_id
        FROM client c`);
    await q(`DELETE FROM syn_client WHERE coach_id IS NULL`);
    await q(
      serviceIds
        ? `CREATE TEMP TABLE syn_service ON COMMIT DROP AS
           SELECT row_number() OVER (ORDER BY pick.n) AS n, s.id, s.organization_id, s.category
             FROM unnest($1::uuid[]) WITH ORDINALITY AS pick (id, n) JOIN service s ON s.id = pick.id`
        : `CREATE TEMP TABLE syn_service ON COMMIT DROP AS
           SELECT row_number() OVER (ORDER BY s.created_at, s.id) AS n, s.id, s.organization_id, s.category FROM service s`,
      serviceIds ? [serviceIds] : [],
    );
    await q(`CREATE TEMP TABLE syn_staff ON COMMIT DROP AS
      SELECT DISTINCT ON (organization_id) organization_id, id FROM app_user WHERE role = 'AGENCY_STAFF' ORDER BY organization_id, id`);
    const [{ clients, services }] = await q(`SELECT (SELECT count(*) FROM syn_client)::int AS clients, (SELECT count(*) FROM syn_service)::int AS services`);
    if (clients === 0 || services === 0) throw new Error('generateReferrals needs clients and services first');
    await q(`CREATE UNIQUE INDEX ON syn_client (n); CREATE UNIQUE INDEX ON syn_service (n)`);

    await q(`CREATE TEMP TABLE syn_path (status text, step int, from_status text, to_status text, agency boolean, steps int) ON COMMIT DROP`);
    await q(
      `INSERT INTO syn_path
       SELECT p.status, s.ordinality, s.value->>0, s.value->>1, (s.value->>2)::boolean, jsonb_array_length(p.steps)
         FROM jsonb_to_recordset($1::jsonb) AS p (status text, steps jsonb), jsonb_array_elements(p.steps) WITH ORDINALITY s`,
      [JSON.stringify(PATHS.map(([status, steps]) => ({ status, steps })))],
    );
    await q(`CREATE TEMP TABLE syn_share (status text, upto float8) ON COMMIT DROP`);
    await q(`INSERT INTO syn_share SELECT * FROM jsonb_to_recordset($1::jsonb) AS s (status text, upto float8)`, [JSON.stringify(cumulativeShares(closedOnly))]);

    // One row per referral: who, what, status, outcome, and the times its history spans.
    await q(
      `CREATE TEMP TABLE syn_referral ON COMMIT DROP AS
       WITH draw AS (
         SELECT gen_random_uuid() AS id,
                1 + floor(random() * $2)::int AS cn,
                1 + floor(random() * $3)::int AS sn,
                random() AS status_draw, random() AS age_draw, random() AS span_draw, random() AS pick, random() AS urgency_draw
           FROM generate_series(1, $1)
       ), placed AS (
         SELECT d.*, (SELECT sh.status FROM syn_share sh WHERE sh.upto >= d.status_draw ORDER BY sh.upto LIMIT 1) AS status
           FROM draw d
       ), timed AS (
         SELECT p.*,
                -- Open referrals are recent; closed ones spread over the given days.
                date_trunc('milliseconds', now() - CASE WHEN p.status = ANY($5)
                     THEN p.age_draw * interval '45 days' ELSE p.age_draw * $4 * interval '1 day' END) AS created_at
           FROM placed p
       )
       SELECT t.id, c.id AS client_id, c.organization_id AS referring_organization_id, c.coach_id AS referred_by_id,
              s.id AS service_id, s.organization_id AS receiving_organization_id, s.category AS service_category,
              COALESCE(st.id, c.coach_id) AS agency_actor_id, st.id IS NULL AS on_behalf, t.status,
              CASE WHEN t.urgency_draw < 0.8 THEN 'ROUTINE' WHEN t.urgency_draw < 0.95 THEN 'URGENT' ELSE 'EMERGENCY' END AS urgency,
              t.created_at,
              date_trunc('milliseconds', LEAST(now(), t.created_at + interval '1 hour' + t.span_draw * interval '60 days')) AS updated_at,
              CASE t.status
                WHEN 'COMPLETED' THEN (ARRAY['HOUSED','EMPLOYED','ENROLLED_IN_EDUCATION','ENTERED_TREATMENT','COMPLETED_TREATMENT','SERVICE_RECEIVED'])[1 + floor(t.pick * 6)::int]
                WHEN 'FAILED' THEN (ARRAY['NOT_ELIGIBLE','NO_CAPACITY','CLIENT_DECLINED','LOST_CONTACT','REFERRED_ELSEWHERE'])[1 + floor(t.pick * 5)::int]
                WHEN 'REJECTED' THEN CASE WHEN t.pick < 0.6 THEN (ARRAY['NOT_ELIGIBLE','NO_CAPACITY'])[1 + floor(t.pick / 0.3)::int] END
                WHEN 'CANCELLED' THEN CASE WHEN t.pick < 0.6 THEN (ARRAY['CLIENT_DECLINED','LOST_CONTACT','REFERRED_ELSEWHERE'])[1 + floor(t.pick / 0.2)::int] END
              END AS outcome_type,
              t.span_draw < 0.5 AS has_note
         FROM timed t
         JOIN syn_client c ON c.n = t.cn
         JOIN syn_service s ON s.n = t.sn
         LEFT JOIN syn_staff st ON st.organization_id = s.organization_id`,
      [referrals, clients, services, days, OPEN],
    );

    await q(
      `INSERT INTO referral (id, client_id, service_id, receiving_organization_id, referring_organization_id, referred_by_id,
                             status, urgency, version, service_category, created_at, updated_at, accepted_at, follow_up_due,
                             outcome_type, outcome_successful, outcome_achieved_on, outcome_recorded_by_id, outcome_recorded_at)
       SELECT r.id, r.client_id, r.service_id, r.receiving_organization_id, r.referring_organization_id, r.referred_by_id,
              r.status, r.urgency, p.steps + r.has_note::int, r.service_category, r.created_at, r.updated_at,
              CASE WHEN r.status IN ('ACCEPTED','IN_PROGRESS','ON_HOLD','COMPLETED','FAILED')
                   THEN date_trunc('milliseconds', r.created_at + (r.updated_at - r.created_at) / p.steps) END,
              CASE WHEN r.status <> ALL($1) THEN NULL
                   WHEN r.urgency = 'EMERGENCY' THEN r.updated_at + interval '4 hours'
                   ELSE r.updated_at + CASE r.urgency WHEN 'URGENT' THEN 0.5 ELSE 1 END * CASE r.status
                     WHEN 'DRAFT' THEN interval '2 days'
                     -- two business days: four calendar days when they would span a weekend
                     WHEN 'REQUESTED' THEN CASE WHEN extract(isodow FROM r.updated_at) >= 4 THEN interval '4 days' ELSE interval '2 days' END
                     WHEN 'ON_HOLD' THEN interval '7 days'
                     ELSE interval '14 days' END END,
              r.outcome_type,
              r.outcome_type IN ('HOUSED','EMPLOYED','ENROLLED_IN_EDUCATION','ENTERED_TREATMENT','COMPLETED_TREATMENT','SERVICE_RECEIVED'),
              CASE WHEN r.outcome_type IS NOT NULL THEN (r.updated_at AT TIME ZONE 'America/New_York')::date END,
              CASE WHEN r.outcome_type IS NOT NULL THEN r.referred_by_id END,
              CASE WHEN r.outcome_type IS NOT NULL THEN r.updated_at END
         FROM syn_referral r JOIN syn_path p ON p.status = r.status AND p.step = 1`,
      [OPEN],
    );

    // The history: each step spread evenly from creation to the last change.
    await q(
      `INSERT INTO referral_event (referral_id, from_status, to_status, reason, actor_id, on_behalf_of_agency, at, version)
       SELECT r.id, p.from_status, p.to_status, (($1::jsonb) ->> p.to_status),
              CASE WHEN p.agency THEN r.agency_actor_id ELSE r.referred_by_id END, p.agency AND r.on_behalf,
              date_trunc('milliseconds', r.created_at + (r.updated_at - r.created_at) * (p.step - 1) / GREATEST(p.steps - 1, 1)), p.step
         FROM syn_referral r JOIN syn_path p ON p.status = r.status`,
      [JSON.stringify(REASONS)],
    );

    await q(
      `INSERT INTO referral_note (referral_id, kind, body, author_id, created_at)
       SELECT r.id, (ARRAY['NOTE','CALL','MEETING','ACCOMPANIED_CLIENT','APPLICATION_HELP','ADVOCACY'])[1 + floor(random() * 6)::int],
              (ARRAY['Called intake to check on the application.', 'Went with the client to the first appointment.',
                     'Helped fill in the housing application.', 'Client asked to wait until after court.'])[1 + floor(random() * 4)::int],
              r.referred_by_id, r.created_at + interval '1 minute'
         FROM syn_referral r WHERE r.has_note`,
    );
  });
  // Fresh statistics and visibility maps, so the first EXPLAIN or benchmark sees the plans production would.
  await dataSource.query(`VACUUM ANALYZE referral, referral_event, referral_note`);
}
