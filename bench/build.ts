import type { DataSource } from 'typeorm';
import { generateAssessments } from '../seeds/synthetic/assessments';
import { generateClients } from '../seeds/synthetic/clients';
import { generateDirectory } from '../seeds/synthetic/directory';
import { generateReferrals } from '../seeds/synthetic/referrals';

export interface Sizes {
  providers: number;
  services: number;
  locations: number;
  organizations: number;
  coaches: number;
  clients: number;
  referrals: number;
}

/** DESIGN.md's data set times `scale`. */
export function sizesAt(scale: number): Sizes {
  return {
    providers: Math.round(2_000 * scale),
    services: Math.round(100_000 * scale),
    locations: Math.round(150_000 * scale),
    organizations: Math.max(1, Math.round(20 * scale)),
    coaches: Math.max(1, Math.round(1_000 * scale)),
    clients: Math.round(200_000 * scale),
    referrals: Math.round(1_000_000 * scale),
  };
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const n = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * Prints a line per bulk INSERT as the generators write: the rows so far of the sized tables
 * (DESIGN.md's figures) against their planned total, every table's rows and the rate. A single
 * statement can run for a while at scale 1 (a million referrals), so between lines a heartbeat
 * says how large the database has grown, read over a second connection (the rows themselves are
 * invisible to it until the build's transaction commits).
 */
function progressPrinter(dataSource: DataSource, sizes: Sizes, started: number) {
  const planned: Record<string, number> = {
    organization: sizes.providers + sizes.organizations,
    service: sizes.services,
    location: sizes.locations,
    client: sizes.clients,
    referral: sizes.referrals,
  };
  const total = Object.values(planned).reduce((a, b) => a + b, 0);
  let sized = 0;
  let all = 0;
  let lastLine = performance.now();
  const stamp = () => `[${seconds(started).toFixed(1).padStart(6)} s]`;
  const heartbeat = setInterval(() => {
    if (performance.now() - lastLine < 15_000) return;
    void dataSource.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`).then(
      ([{ size }]) => console.log(`  ${stamp()} … still writing; database ${size}`),
      () => undefined,
    );
  }, 15_000);
  return {
    progress: (table: string, rows: number) => {
      all += rows;
      if (table in planned) sized += rows;
      lastLine = performance.now();
      const share = ((100 * sized) / Math.max(1, total)).toFixed(0);
      console.log(`  ${stamp()} ${table.padEnd(22)} +${n(rows).padStart(9)} | ${n(sized)} / ${n(total)} planned rows (${share}%) | ${n(all)} rows in all, ${n(all / seconds(started))} rows/s`);
    },
    stop: () => clearInterval(heartbeat),
    rows: () => all,
  };
}

export interface Build {
  /** Seconds from the first statement to the end of VACUUM ANALYZE; null when the data set was already there. */
  seconds: number | null;
  rows: number;
}

/**
 * The synthetic data set, unless the database already holds it, then VACUUM ANALYZE of every
 * table: the build runs as if autovacuum were off (as it is on some managed servers during
 * loads, and on this bench's machine), so nothing else would give the planner statistics or set
 * the visibility map that index-only scans need.
 */
export async function buildDataSet(dataSource: DataSource, sizes: Sizes): Promise<Build> {
  const [{ referrals, assessments }] = await dataSource.query(
    'SELECT (SELECT count(*) FROM referral)::int AS referrals, (SELECT count(*) FROM recovery_assessment)::int AS assessments',
  );
  if (referrals > 0 && assessments > 0) {
    console.log(`reusing the synthetic data already in the database (${n(referrals)} referrals, ${n(assessments)} assessments)`);
    return { seconds: null, rows: 0 };
  }
  const started = performance.now();
  const printer = progressPrinter(dataSource, sizes, started);
  const { progress } = printer;
  const step = async (what: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    console.log(`  ${what}`);
    await work();
    console.log(`  ${what}: ${seconds(t0).toFixed(1)} s`);
  };
  console.log('building the synthetic data set');
  try {
    if (referrals === 0) {
      await step(`directory (${n(sizes.providers)} providers, ${n(sizes.services)} services, ${n(sizes.locations)} locations)`, () =>
        generateDirectory(dataSource, { providers: sizes.providers, services: sizes.services, locations: sizes.locations, progress }),
      );
      await step(`caseload (${n(sizes.clients)} clients)`, () =>
        generateClients(dataSource, { organizations: sizes.organizations, coaches: sizes.coaches, clients: sizes.clients, progress }),
      );
      await step(`referrals (${n(sizes.referrals)})`, () => generateReferrals(dataSource, { referrals: sizes.referrals, progress }));
    }
    // A database generated before there were assessments gets them on its own.
    await step('recovery capital assessments (2 to 5 per client)', () => generateAssessments(dataSource, { seed: 0.77, progress }));
    await step('VACUUM ANALYZE (every table)', () => dataSource.query('VACUUM ANALYZE'));
  } finally {
    printer.stop();
  }
  const took = seconds(started);
  console.log(`built ${n(printer.rows())} rows in ${took.toFixed(1)} s`);
  return { seconds: took, rows: printer.rows() };
}
