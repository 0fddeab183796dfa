import { startBeacon, type Beacon } from '../harness/beacon';
import { createTestDatabase } from '../harness/databases';
import {
  aClient,
  aCoach,
  aFunder,
  aFunderOrganization,
  anAgency,
  anAgencyStaff,
  anOrganization,
  aPeerOrganization,
  aReferral,
  aService,
  aSupervisor,
  transition,
  type TestUser,
} from '../harness/builders';
import { RECORD_OUTCOME } from '../referrals/builders';
import { dayIn } from '../../src/common/time';
import { CELL_KEYS, cellKey, perturbationTable } from '../../src/reports/cell-key';

import { OUTCOME_REPORT } from '../../bench/operations';

export { OUTCOME_REPORT };

/**
 * A peer-support organization whose coach has a pool of clients, agencies with services of
 * several categories, and a funder: everyone an outcome report test needs.
 */
export async function aReportWorld(beacon: Beacon, { clients = 4, agencyNames = [] as string[] } = {}) {
  const admin = await beacon.adminToken();
  const peers = await aPeerOrganization(beacon, admin);
  const coach = await aCoach(beacon, admin, peers.id);
  const coachToken = await coach.token();
  const pool = [];
  for (let i = 0; i < clients; i++) pool.push(await aClient(beacon, coachToken));

  const agency = async (name?: string) => {
    const org = await (name ? anOrganization(beacon, admin, ['PROVIDER'], name) : anAgency(beacon, admin));
    const staff = await anAgencyStaff(beacon, admin, org.id);
    const token = await staff.token();
    const service = async (category: string) => aService(beacon, token, { category });
    return { ...org, staff, token, service };
  };
  const agencyA = await agency(agencyNames[0]);
  const agencyB = await agency(agencyNames[1]);
  const services = {
    housing: await agencyA.service('HOUSING'),
    employment: await agencyA.service('EMPLOYMENT'),
    treatment: await agencyB.service('TREATMENT'),
  };
  const funderOrg = await aFunderOrganization(beacon, admin);
  const funder = await aFunder(beacon, admin, funderOrg.id);
  const people: Record<string, TestUser> = {
    coach,
    supervisor: await aSupervisor(beacon, admin, peers.id),
    agencyStaff: agencyA.staff,
    funder,
  };
  return { admin, peers, coach, coachToken, clients: pool, agencyA, agencyB, services, funderOrg, funder, people };
}

export type ReportWorld = Awaited<ReturnType<typeof aReportWorld>>;

export interface PastReferrals {
  service: { id: string; organizationId: string };
  /** Who each referral is for, one referral per entry (a client may appear more than once). */
  clients: { id: string }[];
  /** When they were made: an ISO instant. */
  at: string;
  accept?: boolean;
  /** Recorded through recordOutcome, then its day set `daysAfter` the creation day. */
  outcome?: { type: string; daysAfter: number };
  enteredInError?: boolean;
}

/**
 * Referrals made in the past. Everything a user does goes through GraphQL (creation, the
 * agency's acceptance, the outcome, a correction); the API can only make them today, so the
 * setup then back-dates created_at, and moves the outcome's day by the same distance, with SQL.
 */
export async function referralsMadeAt(beacon: Beacon, world: ReportWorld, spec: PastReferrals): Promise<string[]> {
  const agencyToken = spec.service.organizationId === world.agencyA.id ? world.agencyA.token : world.agencyB.token;
  const ids: string[] = [];
  for (const client of spec.clients) {
    let referral = await aReferral(beacon, world.coachToken, { clientId: client.id, serviceId: spec.service.id });
    if (spec.accept) referral = await transition(beacon, agencyToken, referral, 'ACCEPTED');
    if (spec.outcome) {
      const input = { referralId: referral.id, type: spec.outcome.type, achievedOn: dayIn(beacon.config.defaultTimeZone), expectedVersion: referral.version };
      referral = (await beacon.ok(RECORD_OUTCOME, { input }, agencyToken)).recordOutcome.referral;
    }
    if (spec.enteredInError) await transition(beacon, world.coachToken, referral, 'ENTERED_IN_ERROR', 'Made for the wrong client');
    ids.push(referral.id);
  }
  await beacon.dataSource.query(
    `UPDATE referral SET created_at = $2::timestamptz,
            outcome_achieved_on = CASE WHEN outcome_type IS NULL THEN NULL ELSE ($2::timestamptz AT TIME ZONE $3)::date + $4::int END
      WHERE id = ANY($1::uuid[])`,
    [ids, spec.at, beacon.config.defaultTimeZone, spec.outcome?.daysAfter ?? 0],
  );
  return ids;
}

/** `n` distinct clients of the world's pool, starting at `from`. */
export const clientsOf = (world: ReportWorld, n: number, from = 0) => Array.from({ length: n }, (_, i) => world.clients[(from + i) % world.clients.length]);

/** The report's input; every test names its own period and dimensions. */
export async function report(beacon: Beacon, token: string, input: Record<string, unknown>) {
  return (await beacon.ok(OUTCOME_REPORT, { input }, token)).outcomeReport;
}

/**
 * One database served twice: `exact` publishes exact counts (REPORT_PERTURBATION=0), `noisy`
 * the default perturbation, both with `env` otherwise. What one is asked, the other can be
 * asked about the same records; tokens work on both (same signing secret).
 */
export async function exactAndNoisy(env: Record<string, string>) {
  const database = await createTestDatabase();
  const exact = await startBeacon({ ...env, REPORT_PERTURBATION: '0' }, database);
  const noisy = await startBeacon(env, { url: database.url, drop: async () => undefined });
  return { exact, noisy, stop: async () => (await noisy.stop(), await exact.stop()) };
}

/** Sets the record keys of these referrals (the world's hidden randomness, fixed here so a test knows its shifts). */
export async function setReferralKeys(beacon: Beacon, ids: string[], key: number) {
  await beacon.dataSource.query(`UPDATE referral SET record_key = $2 WHERE id = ANY($1::uuid[])`, [ids, key]);
}

/** Sets the record keys of these clients (like setReferralKeys: uniqueClients moves by the sum of its clients' keys). */
export async function setClientKeys(beacon: Beacon, ids: string[], key: number) {
  await beacon.dataSource.query(`UPDATE client SET record_key = $2 WHERE id = ANY($1::uuid[])`, [ids, key]);
}

/**
 * The smallest record key that, given to each of `records` records, makes their count move by
 * `shift` under the default perturbation (largest shift `maxShift`): its cell key is records * key mod 256.
 */
export function keyShifting(records: number, shift: number, maxShift = 2): number {
  const table = perturbationTable(maxShift);
  for (let key = 0; key < CELL_KEYS; key++) if (table[cellKey(records * key)] === shift) return key;
  throw new Error(`no key moves ${records} records by ${shift}`);
}

/** Every count a row publishes. */
export const COUNTS = ['referrals', 'accepted', 'completed', 'successful', 'uniqueClients'] as const;
