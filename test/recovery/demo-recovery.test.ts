import { startBeacon, type Beacon } from '../harness/beacon';
import { loadDemo, startDemoBeacon } from '../harness/demo';
import { localDay } from '../harness/days';
import { EMPTY_PLAN } from '../../src/recovery/plan-rules';


/** Each demo client's assessments, first to latest, with the coach who recorded each. */
async function assessments(target: Beacon): Promise<{ alias: string; days: string[]; totals: number[]; items: string[]; recorders: string[] }[]> {
  return target.dataSource.query(`
    SELECT c.alias, array_agg(a.taken_on::text ORDER BY a.taken_on, a.created_at) AS days,
           array_agg(a.total ORDER BY a.taken_on, a.created_at) AS totals,
           array_agg(array_to_json(a.items)::text ORDER BY a.taken_on, a.created_at) AS items,
           array_agg(u.email ORDER BY a.taken_on, a.created_at) AS recorders
      FROM client c JOIN recovery_assessment a ON a.client_id = c.id JOIN app_user u ON u.id = a.recorded_by_id
     GROUP BY c.alias ORDER BY c.alias`);
}

/** The demo's plans, their change history and hand-offs, without their random ids. */
async function story(target: Beacon) {
  const plans = await target.dataSource.query(`
    SELECT c.alias, p.version, p.triggers, p.warning_signs, p.coping_strategies, p.support_contacts, p.crisis_plan, u.email AS updated_by, p.updated_at::date::text AS updated_on,
           (SELECT json_agg(json_build_object('field', x.field, 'version', x.version, 'from', x.previous_value, 'to', x.new_value) ORDER BY x.version, x.field) FROM recovery_plan_change x WHERE x.plan_id = p.id) AS changes
      FROM recovery_plan p JOIN client c ON c.id = p.client_id JOIN app_user u ON u.id = p.updated_by_id ORDER BY c.alias`);
  const handoffs = await target.dataSource.query(`
    SELECT c.alias, f.email AS "from", t.email AS "to", b.email AS "by", h.note, h.at::date::text AS day
      FROM client_handoff h JOIN client c ON c.id = h.client_id JOIN app_user f ON f.id = h.from_coach_id
      JOIN app_user t ON t.id = h.to_coach_id JOIN app_user b ON b.id = h.handed_off_by_id ORDER BY c.alias`);
  return { assessments: await assessments(target), plans, handoffs };
}

let beacon: Beacon;
let seedMs: number;
beforeAll(async () => {
  ({ beacon, seedMs } = await startDemoBeacon());
  console.log(`the demo loaded in ${seedMs} ms`);
}, 120_000);
afterAll(() => beacon.stop());

describe("the demo caseload's recovery work", () => {
  it('gives every client two to four valid BARC-10 assessments over the past 18 months, most of them improving', async () => {
    const rows = await assessments(beacon);
    const [{ clients }] = await beacon.dataSource.query(`SELECT count(*)::int AS clients FROM client`);
    expect(rows).toHaveLength(clients);
    const today = localDay();
    const eighteenMonthsAgo = localDay(new Date(Date.now() - 548 * 24 * 3600_000));
    for (const client of rows) {
      expect(client.days.length).toBeGreaterThanOrEqual(2);
      expect(client.days.length).toBeLessThanOrEqual(4);
      expect(client.days.every((day) => day >= eighteenMonthsAgo && day <= today)).toBe(true);
      for (const items of client.items.map((json) => JSON.parse(json) as number[])) {
        expect(items).toHaveLength(10);
        expect(items.every((rating) => Number.isInteger(rating) && rating >= 1 && rating <= 6)).toBe(true);
      }
    }
    const changes = rows.map((client) => client.totals[client.totals.length - 1] - client.totals[0]);
    const improving = changes.filter((change) => change >= 3).length;
    const flat = changes.filter((change) => Math.abs(change) <= 2).length;
    const worse = changes.filter((change) => change <= -3).length;
    expect(improving / rows.length).toBeGreaterThan(0.5);
    expect(flat).toBeGreaterThan(0);
    expect(worse).toBeGreaterThan(0);
    expect(worse).toBeLessThan(flat + improving);
    expect(Math.max(...changes)).toBeLessThanOrEqual(12);
    expect(Math.min(...changes)).toBeGreaterThanOrEqual(-8);

    // Every plan belongs to a client with two to four assessments.
    const [planned] = await beacon.dataSource.query(`
      SELECT count(*)::int AS plans,
             count(*) FILTER (WHERE (SELECT count(*) FROM recovery_assessment a WHERE a.client_id = p.client_id) NOT BETWEEN 2 AND 4)::int AS outside
        FROM recovery_plan p`);
    expect(planned.plans).toBeGreaterThan(30);
    expect(planned.outside).toBe(0);
  });

  it("gives the funder's recovery capital report figures: enough of the grantee's clients first assessed in the last twelve whole months", async () => {
    const [report] = await beacon.dataSource.query(`
      WITH period AS (
        SELECT (date_trunc('month', (now() AT TIME ZONE $1)::date) - interval '12 months')::date AS from_day,
               (date_trunc('month', (now() AT TIME ZONE $1)::date) - interval '1 day')::date AS to_day
      ), firsts AS (
        SELECT c.organization_id, min(a.taken_on) AS first_day, count(*) AS assessments
          FROM client c JOIN recovery_assessment a ON a.client_id = c.id GROUP BY c.id
      )
      SELECT count(*) FILTER (WHERE f.assessments >= 2 AND f.first_day BETWEEN p.from_day AND p.to_day)::int AS clients,
             bool_and(EXISTS (SELECT 1 FROM funder_grant g JOIN organization fo ON fo.id = g.funder_id JOIN app_user fu ON fu.organization_id = fo.id
                               WHERE fu.email = 'funder@beacon.test' AND g.grantee_id = f.organization_id
                                 AND g.starts_on <= p.from_day AND (g.ends_on IS NULL OR g.ends_on >= p.to_day))) AS granted
        FROM firsts f CROSS JOIN period p`,
      [beacon.config.defaultTimeZone],
    );
    // The suppression threshold is 11: a year's row for the peer organization is well above it.
    expect(report.clients).toBeGreaterThanOrEqual(30);
    expect(report.granted).toBe(true);
  });

  it("hands a few clients from the peer support worker to a recovery coach of the same organization, who records what follows", async () => {
    const handoffs: any[] = await beacon.dataSource.query(`
      SELECT c.alias, c.assigned_coach_id = h.to_coach_id AS assigned_to_new_coach,
             t.organization_id = c.organization_id AS same_organization, t.role, t.coach_kind AS to_kind, t.active AS to_active,
             f.coach_kind AS from_kind, h.note, h.at <= now() AS past,
             (SELECT count(*) FROM referral r WHERE r.client_id = c.id AND r.status IN ('DRAFT','REQUESTED','ACCEPTED','IN_PROGRESS','ON_HOLD'))::int AS open_referrals,
             (SELECT count(*) FROM recovery_assessment a WHERE a.client_id = c.id AND a.taken_on <= (h.at AT TIME ZONE $1)::date AND a.recorded_by_id <> h.from_coach_id)::int AS before_by_other,
             (SELECT count(*) FROM recovery_assessment a WHERE a.client_id = c.id AND a.taken_on > (h.at AT TIME ZONE $1)::date AND a.recorded_by_id <> h.to_coach_id)::int AS after_by_other,
             (SELECT count(*) FROM recovery_assessment a WHERE a.client_id = c.id AND a.taken_on > (h.at AT TIME ZONE $1)::date)::int AS after
        FROM client_handoff h
        JOIN client c ON c.id = h.client_id
        JOIN app_user t ON t.id = h.to_coach_id JOIN app_user f ON f.id = h.from_coach_id
       -- the client's last hand-off
       WHERE NOT EXISTS (SELECT 1 FROM client_handoff later WHERE later.client_id = h.client_id AND later.at > h.at)`,
      [beacon.config.defaultTimeZone],
    );
    expect(handoffs.length).toBeGreaterThanOrEqual(3);
    expect(handoffs.length).toBeLessThanOrEqual(5);
    for (const handoff of handoffs) {
      expect(handoff).toMatchObject({
        assigned_to_new_coach: true, same_organization: true, role: 'COACH', to_kind: 'RECOVERY_COACH', to_active: true,
        from_kind: 'PEER_SUPPORT_WORKER', past: true, open_referrals: 0, before_by_other: 0, after_by_other: 0,
      });
      expect(handoff.note.length).toBeGreaterThan(40);
      expect(handoff.after).toBeGreaterThan(0);
    }

    // Everyone else's assessments are their own coach's, and every plan was last changed by a coach of the client's organization.
    const [others] = await beacon.dataSource.query(`
      SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM client_handoff h WHERE h.client_id = c.id) AND a.recorded_by_id <> c.assigned_coach_id)::int AS not_their_coach
        FROM client c JOIN recovery_assessment a ON a.client_id = c.id`);
    expect(others.not_their_coach).toBe(0);
    const [plans] = await beacon.dataSource.query(`
      SELECT count(*) FILTER (WHERE u.organization_id <> c.organization_id OR u.role NOT IN ('COACH','SUPERVISOR'))::int AS outsiders,
             count(*) FILTER (WHERE p.version <> (SELECT max(x.version) FROM recovery_plan_change x WHERE x.plan_id = p.id))::int AS wrong_version,
             count(*) FILTER (WHERE p.version > 1)::int AS revised,
             count(*) FILTER (WHERE NOT p.support_contacts @> '[{}]' OR EXISTS (SELECT 1 FROM jsonb_array_elements(p.support_contacts) s WHERE s->>'phone' NOT LIKE '(555) %'))::int AS bad_contacts
        FROM recovery_plan p JOIN client c ON c.id = p.client_id JOIN app_user u ON u.id = p.updated_by_id`);
    expect(plans).toMatchObject({ outsiders: 0, wrong_version: 0, bad_contacts: 0 });
    expect(plans.revised).toBeGreaterThanOrEqual(handoffs.length);

    // A plan's first history starts from an empty plan, as one saved through the API does.
    const firsts: { field: keyof typeof EMPTY_PLAN; previous: unknown }[] = await beacon.dataSource.query(
      `SELECT field, previous_value AS previous FROM recovery_plan_change WHERE version = 1`,
    );
    expect(firsts.length).toBeGreaterThan(30 * 5);
    for (const { field, previous } of firsts) expect([field, previous]).toEqual([field, EMPTY_PLAN[field]]);
  });

  it('is the same in every demo database (seeded generators)', async () => {
    const other = await startBeacon();
    try {
      await loadDemo(other);
      const mine = await story(beacon);
      expect(mine.handoffs.length).toBeGreaterThan(0);
      expect(await story(other)).toEqual(mine);
    } finally {
      await other.stop();
    }
  }, 120_000);
});
