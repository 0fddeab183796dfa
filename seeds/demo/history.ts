import type { DataSource } from 'typeorm';
import { generateReferrals } from '../synthetic/referrals';
import type { DemoDirectory } from './directory';

/**
 * The programs the demo funder's grants cover (Tidewater's treatment and recovery support,
 * Lighthouse's housing), listed so that each category gets about a third of the referrals:
 * enough in every quarter and category for the funder's outcome report to show its figures
 * rather than withhold them.
 */
const FUNDED_PROGRAMS: (keyof DemoDirectory['services'])[] = [
  'detox', 'residential', 'intensiveOutpatient', 'outpatient', 'moud', 'methadone',
  'recoveryCenter', 'recoveryCoaching', 'recoveryCenter', 'recoveryCoaching', 'recoveryCenter', 'recoveryCoaching',
  'recoveryResidence', 'womensResidence', 'transitional', 'permanentSupportive', 'rentalAssistance', 'veteransHousing',
];

/** How many earlier referrals, over how many days (within the 18 months the demo covers). */
export const DEMO_HISTORY = { referrals: 1000, days: 540 };

/**
 * A year and a half of the coaches' earlier, closed referrals to the funded programs, in bulk
 * SQL through the synthetic generator (each with its history, outcome and sometimes a note),
 * from a fixed seed so that every demo database tells the same story. Only closed ones: the
 * coaches' follow-up queues stay the hand-made caseload's.
 */
export async function seedReferralHistory(dataSource: DataSource, directory: DemoDirectory): Promise<void> {
  await generateReferrals(dataSource, {
    ...DEMO_HISTORY,
    serviceIds: FUNDED_PROGRAMS.map((key) => directory.services[key].id),
    closedOnly: true,
    seed: 0.2026,
  });
}
