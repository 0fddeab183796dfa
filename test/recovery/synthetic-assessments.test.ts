import { generateAssessments } from '../../seeds/synthetic/assessments';
import { generateClients } from '../../seeds/synthetic/clients';
import { startBeacon, type Beacon } from '../harness/beacon';

let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon();
});
afterAll(() => beacon.stop());

/** Each synthetic client's totals, first to latest, by alias (which carries the client's number). */
const totalsByAlias = (target: Beacon): Promise<{ alias: string; totals: number[] }[]> =>
  target.dataSource.query(`
    SELECT c.alias, array_agg(a.total ORDER BY a.taken_on, a.created_at) AS totals
      FROM client c JOIN recovery_assessment a ON a.client_id = c.id GROUP BY c.alias ORDER BY c.alias`);

it('the synthetic assessment generator gives every client two to five BARC-10 assessments since intake, by their coach, most improving', async () => {
  await generateClients(beacon.dataSource, { organizations: 2, coaches: 6, clients: 600 });
  const made = await generateAssessments(beacon.dataSource, { seed: 0.5 });
  expect(made.clients).toBe(600);
  expect(made.assessments).toBeGreaterThan(600 * 3);
  expect(made.assessments).toBeLessThan(600 * 4);

  const [check] = await beacon.dataSource.query(
    `WITH per AS (
       SELECT c.id, count(*) AS n, min(a.taken_on) AS first_day, max(a.taken_on) AS last_day, (c.created_at AT TIME ZONE $1)::date AS intake,
              bool_and(a.recorded_by_id = c.assigned_coach_id) AS by_coach,
              (array_agg(a.total ORDER BY a.taken_on, a.created_at))[1] AS first_total,
              (array_agg(a.total ORDER BY a.taken_on DESC, a.created_at DESC))[1] AS last_total
         FROM client c JOIN recovery_assessment a ON a.client_id = c.id GROUP BY c.id
     )
     SELECT count(*)::int AS clients, min(n)::int AS fewest, max(n)::int AS most, count(DISTINCT n)::int AS counts,
            count(*) FILTER (WHERE first_day < intake OR last_day > (now() AT TIME ZONE $1)::date)::int AS out_of_range,
            count(*) FILTER (WHERE NOT by_coach)::int AS not_by_coach,
            count(*) FILTER (WHERE last_total - first_total >= 3)::int AS improving,
            count(*) FILTER (WHERE last_total - first_total <= -3)::int AS worse,
            max(last_total - first_total)::int AS best, min(last_total - first_total)::int AS poorest
       FROM per`,
    [beacon.config.defaultTimeZone],
  );
  expect(check).toMatchObject({ clients: 600, fewest: 2, most: 5, counts: 4, out_of_range: 0, not_by_coach: 0 });
  expect(check.improving / 600).toBeGreaterThan(0.5);
  expect(check.worse).toBeGreaterThan(0);
  expect(check.worse).toBeLessThan(600 * 0.2);
  expect(check.best).toBeLessThanOrEqual(12);
  expect(check.poorest).toBeGreaterThanOrEqual(-8);

  // Clients who have assessments are left alone on a second run.
  expect(await generateAssessments(beacon.dataSource, { seed: 0.5 })).toEqual({ clients: 0, assessments: 0 });

  // The same seed over the same clients gives the same assessments.
  const other = await startBeacon();
  try {
    await generateClients(other.dataSource, { organizations: 2, coaches: 6, clients: 600 });
    await generateAssessments(other.dataSource, { seed: 0.5 });
    expect(await totalsByAlias(other)).toEqual(await totalsByAlias(beacon));
  } finally {
    await other.stop();
  }
});
