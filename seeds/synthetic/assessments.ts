import type { DataSource } from 'typeorm';
import { bulkQuery, bulkTransaction, type Progress } from './bulk';

export interface AssessmentVolume {
  /** The fewest and the most assessments a client gets, drawn uniformly (default 2 to 5). */
  perClient?: [min: number, max: number];
  /** These clients only, drawn in this order (default every client with a coach, in the order they were created). */
  clientIds?: string[];
  /** How many days ago each client's first assessment was taken, drawn uniformly; default within three weeks of the client's creation (intake). */
  firstDaysAgo?: [min: number, max: number];
  /** A seed from -1 to 1 for PostgreSQL's random(): the same seed over the same clients gives the same assessments. */
  seed?: number;
  /** Days are days in this zone, as the server's DEFAULT_TIME_ZONE (default America/New_York). */
  timeZone?: string;
  progress?: Progress;
}

/**
 * How a client's recovery capital moves from the first assessment to the latest (BARC-10
 * totals, 10 to 60): most gain a few points, some stay where they were, a few lose ground.
 * `upto` are cumulative shares; `least` and `values` give the change drawn within each course.
 */
const COURSES = [
  { course: 'improving', upto: 0.7, least: 3, values: 10 }, // +3 to +12
  { course: 'flat', upto: 0.88, least: -2, values: 5 }, // -2 to +2
  { course: 'worse', upto: 1, least: -8, values: 6 }, // -8 to -3
];

const ITEMS = 10;

/**
 * Recovery capital assessments (BARC-10) for clients that have none yet, in set-based SQL
 * (200,000 clients get about 700,000 in ten seconds or so), recorded by each client's assigned coach.
 * Each client starts from ten ratings around a level of their own, and moves toward the change
 * its course draws, with a little noise between the first and the latest; the assessments are
 * spread from the first day a month to a quarter apart, never after today.
 *
 * A change of d points is spread over the ten items as floor((d + p) / 10) for p running over
 * 0..9 in a per-client order, which sums to exactly d; a rating pushed past 1 or 6 stays there
 * (a client at the ceiling gains less, as on the real instrument).
 */
export async function generateAssessments(dataSource: DataSource, { perClient = [2, 5], clientIds, firstDaysAgo, seed, timeZone = 'America/New_York', progress }: AssessmentVolume = {}) {
  const [fewest, most] = perClient;
  if (!(fewest >= 2 && most >= fewest)) throw new Error('generateAssessments needs at least two assessments a client (a change needs two)');
  const draws = (n: number) => `ARRAY[${Array.from({ length: n }, () => 'random()').join(', ')}]`;
  const course = `CASE ${COURSES.map((c) => `WHEN d.course_draw < ${c.upto} THEN ${c.least} + floor(d.size_draw * ${c.values})::int`).join(' ')} END`;
  const firstDay = firstDaysAgo
    ? `d.today - (${firstDaysAgo[0]} + floor(d.first_draw * ${firstDaysAgo[1] - firstDaysAgo[0] + 1})::int)`
    : `LEAST(d.today, d.intake + floor(d.first_draw * 21)::int)`;
  // Integer division truncates toward zero: lifted by 100 first, it floors the changes below zero too.
  const item = (j: number) => `LEAST(6, GREATEST(1, b.base[${j}] + (s.delta + (${j} * b.stride + b.shift) % 10 + 100) / 10 - 10))`;

  const made = await dataSource.transaction(async (em) => {
    const q = bulkQuery(em, progress);
    await bulkTransaction(em, seed);
    // One row per client: how many assessments, over which days, from which ratings, toward which change.
    // The draws are made in the clients' order (volatile expressions are evaluated after the sort).
    await q(
      `CREATE TEMP TABLE syn_barc ON COMMIT DROP AS
       WITH person AS (
         SELECT c.id, c.assigned_coach_id AS coach_id, (c.created_at AT TIME ZONE $4)::date AS intake,
                COALESCE(pick.n, row_number() OVER (ORDER BY c.created_at, c.id)) AS n
           FROM client c
           LEFT JOIN unnest($1::uuid[]) WITH ORDINALITY AS pick (id, n) ON pick.id = c.id
          WHERE c.assigned_coach_id IS NOT NULL
            AND ($1::uuid[] IS NULL OR pick.id IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM recovery_assessment a WHERE a.client_id = c.id)
       ), drawn AS (
         SELECT p.*, (now() AT TIME ZONE $4)::date AS today,
                $2::int + floor(random() * ($3::int - $2::int + 1))::int AS count,
                random() AS course_draw, random() AS size_draw, random() AS first_draw, random() AS recent_draw,
                30 + floor(random() * 61)::int AS gap, 2.3 + random() * 2.2 AS level,
                ${draws(ITEMS)} AS item_draws, ${draws(most)} AS noise_draws,
                (ARRAY[1, 3, 7, 9])[1 + floor(random() * 4)::int] AS stride, floor(random() * 10)::int AS shift
           FROM person p
          ORDER BY p.n
       ), placed AS (
         SELECT d.*, ${firstDay} AS first_day FROM drawn d
       )
       SELECT d.n, d.id, d.coach_id, d.count, ${course} AS change, d.first_day,
              -- A course that would run past today ends within the last two weeks instead.
              GREATEST(d.first_day, LEAST(d.today - floor(d.recent_draw * 14)::int, d.first_day + (d.count - 1) * d.gap)) AS last_day,
              ARRAY(SELECT LEAST(6, GREATEST(1, round(d.level + (x - 0.5) * 2.4)))::int FROM unnest(d.item_draws) x) AS base,
              ARRAY(SELECT round((x - 0.5) * 4)::int FROM unnest(d.noise_draws) x) AS noise,
              d.stride, d.shift
         FROM placed d`,
      [clientIds ?? null, fewest, most, timeZone],
    );
    // Each assessment: its day spread evenly between the first and the last, the change so far
    // (the whole change at the latest, a share of it with noise in between), the ratings from it.
    await q(
      `INSERT INTO recovery_assessment (client_id, taken_on, items, recorded_by_id, created_at)
       SELECT b.id, s.taken_on, ARRAY[${Array.from({ length: ITEMS }, (_, j) => item(j + 1)).join(', ')}]::smallint[], b.coach_id,
              LEAST(now() - (b.count - k) * interval '1 second', (s.taken_on + time '10:00') AT TIME ZONE $1 + k * interval '1 second')
         FROM syn_barc b
        CROSS JOIN LATERAL generate_series(0, b.count - 1) k
        CROSS JOIN LATERAL (
          SELECT b.first_day + round((b.last_day - b.first_day) * k::float8 / (b.count - 1))::int AS taken_on,
                 CASE WHEN k = 0 THEN 0 WHEN k = b.count - 1 THEN b.change
                      ELSE round(b.change * k::float8 / (b.count - 1))::int + b.noise[k] END AS delta
        ) s`,
      [timeZone],
    );
    const [counts] = await q(`SELECT count(*)::int AS clients, COALESCE(sum(count), 0)::int AS assessments FROM syn_barc`);
    return counts as { clients: number; assessments: number };
  });
  await dataSource.query(`VACUUM ANALYZE recovery_assessment`);
  return made;
}
