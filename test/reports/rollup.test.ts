import { Client } from 'pg';
import { Context } from '../../src/context';
import { migrate } from '../../src/db/migrate';
import { outcomeCells } from '../../src/reports/outcome-report.query';
import { rollupCells } from '../../src/reports/outcome-rollup.query';
import { ReportDimension } from '../../src/reports/enums';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aGrant, transition } from '../harness/builders';
import { eventually } from '../harness/eventually';
import { RECORD_OUTCOME } from '../referrals/builders';
import { generateReferrals } from '../../seeds/synthetic/referrals';
import { aReportWorld, referralsMadeAt, report, type ReportWorld } from './builders';

/**
 * An admin's report over every organization, not grouped by organization, is read from the
 * rollups that PostgreSQL keeps beside the referrals (src/reports/outcome-rollup.query.ts); a
 * funder's is read from the referrals. A funder granted every organization that received a
 * referral asks for the same figures, so the two must agree, figure for figure, for every
 * dimension the rollups serve, over a range that starts mid-history (a client seen before
 * `from` is still counted once in it). Under REPORT_PERTURBATION=0 and a threshold of 2 a few
 * figures are withheld alike; the cells as read (every count, cell key and median, before any
 * suppression) are compared too.
 */
const RANGE = { from: '2026-01-01', to: '2026-06-30' };
const PERIODS = [[], [ReportDimension.MONTH], [ReportDimension.QUARTER]];
const OTHERS = [[], [ReportDimension.CATEGORY], [ReportDimension.OUTCOME_TYPE], [ReportDimension.CATEGORY, ReportDimension.OUTCOME_TYPE]];
const GROUPINGS = PERIODS.flatMap((period) => OTHERS.map((others) => [...period, ...others]));

/**
 *   Nov 15 2025  HOUSING    c1 HOUSED +10, c2 accepted
 *   Dec 20 2025  TREATMENT  c1, c3 ENTERED_TREATMENT +5
 *   Jan 10 2026  HOUSING    c1 HOUSED +12, c2 LOST_CONTACT +30, c4
 *   Jan 31 2026 23:30 (February in UTC)  EMPLOYMENT c1 c5 accepted
 *   Feb 14 2026  HOUSING    c1 c3; TREATMENT c2 ENTERED_TREATMENT +7, c4 entered in error
 *   Mar 31 2026 23:30 (April in UTC)  TREATMENT c1, c5 ENTERED_TREATMENT +3
 *   Apr  5 2026  HOUSING    c1 HOUSED +20, c2; EMPLOYMENT c3 EMPLOYED +40, c4 EMPLOYED +41
 *   May 20 2026  TREATMENT  c4 c5
 *   Jul  2 2026  HOUSING    c1 (after the range)
 */
async function history(beacon: Beacon, world: ReportWorld) {
  const [c1, c2, c3, c4, c5] = world.clients;
  const { housing, employment, treatment } = world.services;
  const at = (day: string, time = '12:00:00-05:00') => `${day}T${time}`;
  const made = (spec: Omit<Parameters<typeof referralsMadeAt>[2], 'at'>, day: string, time?: string) => referralsMadeAt(beacon, world, { ...spec, at: at(day, time) });
  await made({ service: housing, clients: [c1], accept: true, outcome: { type: 'HOUSED', daysAfter: 10 } }, '2025-11-15');
  await made({ service: housing, clients: [c2], accept: true }, '2025-11-15');
  await made({ service: treatment, clients: [c1] }, '2025-12-20');
  await made({ service: treatment, clients: [c3], accept: true, outcome: { type: 'ENTERED_TREATMENT', daysAfter: 5 } }, '2025-12-20');
  await made({ service: housing, clients: [c1], accept: true, outcome: { type: 'HOUSED', daysAfter: 12 } }, '2026-01-10');
  await made({ service: housing, clients: [c2], accept: true, outcome: { type: 'LOST_CONTACT', daysAfter: 30 } }, '2026-01-10');
  await made({ service: housing, clients: [c4] }, '2026-01-10');
  await made({ service: employment, clients: [c1, c5], accept: true }, '2026-01-31', '23:30:00-05:00');
  await made({ service: housing, clients: [c1, c3] }, '2026-02-14');
  await made({ service: treatment, clients: [c2], accept: true, outcome: { type: 'ENTERED_TREATMENT', daysAfter: 7 } }, '2026-02-14');
  await made({ service: treatment, clients: [c4], enteredInError: true }, '2026-02-14');
  await made({ service: treatment, clients: [c1] }, '2026-03-31', '23:30:00-04:00');
  await made({ service: treatment, clients: [c5], accept: true, outcome: { type: 'ENTERED_TREATMENT', daysAfter: 3 } }, '2026-03-31', '23:30:00-04:00');
  await made({ service: housing, clients: [c1], accept: true, outcome: { type: 'HOUSED', daysAfter: 20 } }, '2026-04-05', '12:00:00-04:00');
  await made({ service: housing, clients: [c2] }, '2026-04-05', '12:00:00-04:00');
  await made({ service: employment, clients: [c3], accept: true, outcome: { type: 'EMPLOYED', daysAfter: 40 } }, '2026-04-05', '12:00:00-04:00');
  await made({ service: employment, clients: [c4], accept: true, outcome: { type: 'EMPLOYED', daysAfter: 41 } }, '2026-04-05', '12:00:00-04:00');
  await made({ service: treatment, clients: [c4, c5] }, '2026-05-20', '12:00:00-04:00');
  await made({ service: housing, clients: [c1] }, '2026-07-02', '12:00:00-04:00');
}

/** A funder granted every organization that receives referrals: its reports are read from the referrals. */
async function aFunderOfEveryone(beacon: Beacon, world: ReportWorld): Promise<string> {
  for (const grantee of [world.agencyA, world.agencyB]) await aGrant(beacon, world.admin, world.funderOrg.id, grantee.id, '2020-01-01');
  return world.funder.token();
}

/** A context for calling the report's queries directly, as the service does inside its transaction. */
function contextOf(beacon: Beacon): Context {
  return new Context(beacon.dataSource, beacon.dataSource.manager, null, beacon.config, undefined as never, undefined as never);
}

/** Every grouping the rollups serve: the admin's report equals the funder's, and the rollups' cells equal the referrals'. */
async function expectRollupsAgree(beacon: Beacon, world: ReportWorld, funderToken: string) {
  const ctx = contextOf(beacon);
  for (const groupBy of GROUPINGS) {
    const selection = { ...RANGE, timeZone: beacon.config.defaultTimeZone, dimensions: groupBy, organizationIds: null };
    const fromRollups = await rollupCells(ctx, selection);
    expect({ groupBy, cells: fromRollups }).toEqual({ groupBy, cells: await outcomeCells(ctx, selection) });
    const admin = await report(beacon, world.admin, { ...RANGE, groupBy });
    expect({ groupBy, admin }).toEqual({ groupBy, admin: await report(beacon, funderToken, { ...RANGE, groupBy }) });
  }
}

/** The admin's report reads the rollups: a referral added to a rollup row shows in its totals (then taken away again). */
async function expectAdminReadsRollups(beacon: Beacon, world: ReportWorld) {
  const totals = async () => (await report(beacon, world.admin, { ...RANGE, groupBy: [] })).totals.referrals;
  const before = await totals();
  const [row] = await beacon.dataSource.query(`SELECT month::text AS month, category, outcome_type FROM outcome_rollup WHERE month = '2026-04-01' AND referrals > 0 LIMIT 1`);
  const move = (by: number) =>
    beacon.dataSource.query(
      `UPDATE outcome_rollup SET referrals = referrals + $4 WHERE month = $1 AND category = $2 AND outcome_type IS NOT DISTINCT FROM $3`,
      [row.month, row.category, row.outcome_type, by],
    );
  await move(5);
  try {
    expect(await totals()).toBe(before + 5);
  } finally {
    await move(-5);
  }
}

describe('the outcome report from the rollups', () => {
  let beacon: Beacon;
  let world: ReportWorld;
  let funderToken: string;

  beforeAll(async () => {
    beacon = await startBeacon({ SUPPRESSION_THRESHOLD: '2', REPORT_PERTURBATION: '0' });
    world = await aReportWorld(beacon, { clients: 5 });
    await history(beacon, world);
    funderToken = await aFunderOfEveryone(beacon, world);
  }, 180_000);
  afterAll(() => beacon.stop());

  it("gives an admin the funder's figures for every grouping without organizations, medians and unique clients included", async () => {
    await expectAdminReadsRollups(beacon, world);
    await expectRollupsAgree(beacon, world, funderToken);
  }, 60_000);

  it('still agrees after transitions, outcomes, corrections and moved referrals', async () => {
    const [c1, , c3, , c5] = world.clients;
    const { housing, treatment } = world.services;
    const [fresh] = await referralsMadeAt(beacon, world, { service: treatment, clients: [c3], at: '2026-02-20T12:00:00-05:00' });
    const referral = (await beacon.ok(`query($id: ID!) { referral(id: $id) { id version } }`, { id: fresh }, world.coachToken)).referral;
    const accepted = await transition(beacon, world.agencyB.token, referral, 'ACCEPTED');
    await beacon.ok(RECORD_OUTCOME, { input: { referralId: fresh, type: 'ENTERED_TREATMENT', achievedOn: '2026-03-01', expectedVersion: accepted.version } }, world.agencyB.token);
    // c1's only HOUSING referral of January becomes a mistake; c5's March one moves to June.
    const [mistake] = await referralsMadeAt(beacon, world, { service: housing, clients: [c1], at: '2026-01-05T12:00:00-05:00', enteredInError: true });
    await beacon.dataSource.query(`UPDATE referral SET created_at = created_at + interval '70 days' WHERE client_id = $1 AND created_at BETWEEN '2026-03-31' AND '2026-04-02'`, [c5.id]);
    await beacon.dataSource.query(`UPDATE referral SET record_key = (record_key + 77) % 256 WHERE client_id = $1`, [c1.id]);
    await beacon.dataSource.query(`UPDATE client SET record_key = (record_key + 13) % 256 WHERE id = $1`, [c3.id]);
    await beacon.dataSource.query(
      `WITH updates AS (DELETE FROM referral_update WHERE referral_id = $1), events AS (DELETE FROM referral_event WHERE referral_id = $1),
            notes AS (DELETE FROM referral_note WHERE referral_id = $1)
       DELETE FROM referral WHERE id = $1`,
      [mistake],
    );
    await expectRollupsAgree(beacon, world, funderToken);
  }, 120_000);

  it('loses nothing when two transactions change referrals of one client at once', async () => {
    const [, c2] = world.clients;
    // c2's two HOUSING referrals of June, the only ones: each correction alone leaves c2 present
    // in the month, so only a transaction that sees the other's change removes c2 from it.
    const ids = await referralsMadeAt(beacon, world, { service: world.services.housing, clients: [c2, c2], at: '2026-06-10T12:00:00-04:00' });
    const url = (beacon.dataSource.options as { url: string }).url;
    const sessions = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all(sessions.map((s) => s.connect()));
    try {
      const [first, second] = sessions;
      await first.query('BEGIN');
      await first.query(`UPDATE referral SET status = 'ENTERED_IN_ERROR' WHERE id = $1`, [ids[0]]);
      await second.query('BEGIN');
      const waiting = second.query(`UPDATE referral SET status = 'ENTERED_IN_ERROR' WHERE id = $1`, [ids[1]]);
      // The second waits for the first's lock on c2's bucket before it reads c2's referrals.
      await eventually(async () => {
        const [{ waits }] = await beacon.dataSource.query(`SELECT count(*)::int AS waits FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        return waits === 1;
      }, "the second transaction to wait for the first's lock");
      await first.query('COMMIT');
      await waiting;
      await second.query('COMMIT');
    } finally {
      await Promise.all(sessions.map((s) => s.end()));
    }
    // And through Beacon: an outcome and a correction of two of c2's referrals, at once.
    const [a, b] = await referralsMadeAt(beacon, world, { service: world.services.treatment, clients: [c2, c2], at: '2026-05-02T12:00:00-04:00', accept: true });
    const versions = await beacon.dataSource.query(`SELECT id, version FROM referral WHERE id = ANY($1::uuid[])`, [[a, b]]);
    const version = (id: string) => versions.find((v: { id: string }) => v.id === id).version;
    await Promise.all([
      beacon.ok(RECORD_OUTCOME, { input: { referralId: a, type: 'ENTERED_TREATMENT', achievedOn: '2026-05-09', expectedVersion: version(a) } }, world.agencyB.token),
      transition(beacon, world.coachToken, { id: b, version: version(b) }, 'ENTERED_IN_ERROR', 'Made for the wrong client'),
    ]);
    await expectRollupsAgree(beacon, world, funderToken);
    const [{ present }] = await beacon.dataSource.query(
      `SELECT coalesce(sum(clients), 0)::int AS present FROM outcome_rollup_clients WHERE grain = 'category' AND category = 'HOUSING' AND month = '2026-06-01'`,
    );
    expect(present).toBe(0);
  }, 120_000);

  it("counts the synthetic generator's bulk insert, made without foreign-key triggers", async () => {
    const services = Object.values(world.services).map((s) => s.id);
    await generateReferrals(beacon.dataSource, { referrals: 3000, serviceIds: services, days: 730, seed: 0.5 });
    await expectRollupsAgree(beacon, world, funderToken);
  }, 120_000);
});

describe('the rollups and DEFAULT_TIME_ZONE', () => {
  let beacon: Beacon;
  let world: ReportWorld;

  beforeAll(async () => {
    // The migration counted months in America/New_York; this server's months are Auckland's.
    beacon = await startBeacon({ SUPPRESSION_THRESHOLD: '2', REPORT_PERTURBATION: '0', DEFAULT_TIME_ZONE: 'Pacific/Auckland' });
    world = await aReportWorld(beacon, { clients: 5 });
    await history(beacon, world);
  }, 180_000);
  afterAll(() => beacon.stop());

  it('are not read while they count months in another zone, and a start in the new zone rebuilds them', async () => {
    const funderToken = await aFunderOfEveryone(beacon, world);
    const selection = { ...RANGE, timeZone: beacon.config.defaultTimeZone, dimensions: [ReportDimension.MONTH], organizationIds: null };
    expect(await rollupCells(contextOf(beacon), selection)).toBeNull();
    const admin = await report(beacon, world.admin, { ...RANGE, groupBy: ['MONTH'] });
    expect(admin).toEqual(await report(beacon, funderToken, { ...RANGE, groupBy: ['MONTH'] }));

    await migrate(beacon.dataSource, beacon.config.defaultTimeZone);
    expect(await beacon.dataSource.query(`SELECT time_zone FROM outcome_rollup_zone`)).toEqual([{ time_zone: 'Pacific/Auckland' }]);
    await expectAdminReadsRollups(beacon, world);
    await expectRollupsAgree(beacon, world, funderToken);
    // Changes after the rebuild are counted in the new zone too.
    await referralsMadeAt(beacon, world, { service: world.services.housing, clients: world.clients.slice(0, 2), at: '2026-02-28T12:30:00Z' });
    await expectRollupsAgree(beacon, world, funderToken);
  }, 120_000);
});
