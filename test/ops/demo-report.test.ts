import { dayIn } from '../../src/common/time';
import { DEMO_SIGN_INS } from '../../seeds/demo';
import { DEMO_HISTORY } from '../../seeds/demo/history';
import { startBeacon, type Beacon } from '../harness/beacon';
import { loadDemo, startDemoBeacon } from '../harness/demo';


/** The README's quarter-by-category report, over the last four whole quarters (the README names them as dates). */
const README_REPORT = `query($from: Date!, $to: Date!) { outcomeReport(input: { from: $from, to: $to, groupBy: [QUARTER, CATEGORY] }) {
  suppressionThreshold maxPerturbation
  rows { period category referrals successful successRate medianDaysToOutcome suppressed }
  totals { referrals successful successRate }
} }`;

function lastFourQuarters(zone: string): { from: string; to: string } {
  const [year, month] = dayIn(zone).split('-').map(Number);
  const quarterStart = new Date(Date.UTC(year, month - 1 - ((month - 1) % 3), 1));
  const iso = (date: Date) => date.toISOString().slice(0, 10);
  return {
    from: iso(new Date(Date.UTC(quarterStart.getUTCFullYear() - 1, quarterStart.getUTCMonth(), 1))),
    to: iso(new Date(quarterStart.getTime() - 24 * 3600_000)),
  };
}

/** The seeded history without its random ids, oldest first, each with its age relative to the newest (the demo is dated from its loading). */
async function history(target: Beacon): Promise<{ rows: string[]; ages: number[] }> {
  const rows: { row: string; age: string }[] = await target.dataSource.query(`
    SELECT concat_ws('|', c.alias, s.name, r.status, r.urgency, r.outcome_type, r.version) AS row,
           extract(epoch FROM max(r.created_at) OVER () - r.created_at) * 1000 AS age
      FROM referral r JOIN client c ON c.id = r.client_id JOIN service s ON s.id = r.service_id
     WHERE NOT EXISTS (SELECT 1 FROM audit_event a WHERE a.entity_id = r.id)
     ORDER BY r.created_at`);
  return { rows: rows.map((r) => r.row), ages: rows.map((r) => Number(r.age)) };
}

let beacon: Beacon;
let seedMs: number;
beforeAll(async () => {
  ({ beacon, seedMs } = await startDemoBeacon());
}, 120_000);
afterAll(() => beacon.stop());

describe('the demo county', () => {
  it("gives the funder's programs about 1,000 referrals over 18 months, so that most of the README's report is shown", async () => {
    const zone = beacon.config.defaultTimeZone;
    const period = lastFourQuarters(zone);
    const funder = await beacon.login('funder@beacon.test', DEMO_SIGN_INS.password);
    const { outcomeReport } = await beacon.ok(README_REPORT, period, funder);
    expect(outcomeReport).toMatchObject({ suppressionThreshold: 11, maxPerturbation: 2 });
    const shown = outcomeReport.rows.filter((row: any) => !row.suppressed).length;
    const share = shown / outcomeReport.rows.length;
    console.log(`demo report ${period.from} to ${period.to}: ${shown} of ${outcomeReport.rows.length} quarter-by-category cells shown (${Math.round(share * 100)}%); the demo loaded in ${seedMs} ms`);
    expect(new Set(outcomeReport.rows.map((row: any) => row.category))).toEqual(new Set(['TREATMENT', 'RECOVERY_SUPPORT', 'HOUSING']));
    expect(outcomeReport.rows).toHaveLength(12);
    expect(share).toBeGreaterThanOrEqual(0.75);
    expect(outcomeReport.totals.referrals).toBeGreaterThan(500);

    // Spread over the 18 months, over every closed status and most outcome types, by both coaches.
    const [spread] = await beacon.dataSource.query(`
      SELECT count(*)::int AS referrals, count(DISTINCT status)::int AS statuses, count(DISTINCT outcome_type)::int AS outcomes,
             count(DISTINCT referred_by_id)::int AS coaches, min(created_at) > now() - interval '18 months' AS within
        FROM referral`);
    expect(spread.referrals).toBeGreaterThanOrEqual(DEMO_HISTORY.referrals);
    expect(spread).toMatchObject({ statuses: 10, coaches: 2, within: true });
    expect(spread.outcomes).toBeGreaterThanOrEqual(10);
  });

  it("keeps each referral's history consistent with the lifecycle", async () => {
    const [check] = await beacon.dataSource.query(`
      SELECT count(*) FILTER (WHERE r.status <> (SELECT e.to_status FROM referral_event e WHERE e.referral_id = r.id ORDER BY e.version DESC LIMIT 1))::int AS wrong_last_step,
             count(*) FILTER (WHERE r.status = 'COMPLETED' AND NOT r.outcome_successful)::int AS wrong_success,
             count(*) FILTER (WHERE r.status IN ('COMPLETED','FAILED') AND r.accepted_at IS NULL)::int AS never_accepted,
             count(*) FILTER (WHERE r.follow_up_due IS NOT NULL AND r.status IN ('REJECTED','COMPLETED','FAILED','CANCELLED','ENTERED_IN_ERROR'))::int AS closed_with_follow_up,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM referral_event e WHERE e.referral_id = r.id AND e.at > r.updated_at))::int AS events_after_update
        FROM referral r`);
    expect(check).toEqual({ wrong_last_step: 0, wrong_success: 0, never_accepted: 0, closed_with_follow_up: 0, events_after_update: 0 });
  });

  it('is the same in every demo database (a seeded generator)', async () => {
    const other = await startBeacon();
    try {
      await loadDemo(other);
      const mine = await history(beacon);
      const theirs = await history(other);
      // The hand-made referrals wrote audit events; the generated ones are the rest.
      expect(mine.rows).toHaveLength(DEMO_HISTORY.referrals);
      expect(theirs.rows).toEqual(mine.rows);
      // Times come from now() less a drawn age, cut to milliseconds: equal to within that cut.
      theirs.ages.forEach((age, i) => expect(Math.abs(age - mine.ages[i])).toBeLessThanOrEqual(2));
    } finally {
      await other.stop();
    }
  }, 120_000);
});
