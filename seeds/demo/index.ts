import type { DataSource } from 'typeorm';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/common/log';
import { Organization } from '../../src/people/organization.entity';
import { User } from '../../src/people/user.entity';
import { seedCaseload } from './caseload';
import { seedDirectory } from './directory';
import { seedReferralHistory } from './history';
import { DEMO_PASSWORD, seedPeople } from './people';
import { seedRecoveryWork } from './recovery';

export const DEMO_SIGN_INS = {
  password: DEMO_PASSWORD,
  users: [
    { role: 'ADMIN', email: 'admin@beacon.test' },
    { role: 'COACH', email: 'coach@beacon.test' },
    { role: 'COACH', email: 'coach2@beacon.test' },
    { role: 'SUPERVISOR', email: 'supervisor@beacon.test' },
    { role: 'AGENCY_STAFF', email: 'agency@beacon.test' },
    { role: 'AGENCY_STAFF', email: 'housing@beacon.test' },
    { role: 'FUNDER', email: 'funder@beacon.test' },
  ],
};

/** The demo data goes only into a database with no organizations yet. */
export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.manager.exists(Organization));
}

/** True when the demo sign-ins exist here (a database seeded before, or just now). */
export async function hasDemoSignIns(dataSource: DataSource): Promise<boolean> {
  return dataSource.manager.existsBy(User, { email: DEMO_SIGN_INS.users[0].email });
}

/**
 * The demo county: people first, then each domain's demo data on top of them, then the referrals
 * of the past 18 months, then the recovery work (its hand-offs move clients the history's
 * referrals were made for, as hand-offs do).
 */
export async function seedDemo(dataSource: DataSource, config: Config, log: Logger): Promise<void> {
  const people = await seedPeople(dataSource, config, log);
  const directory = await seedDirectory(people);
  await seedCaseload(people, directory);
  await seedReferralHistory(dataSource, directory);
  await seedRecoveryWork(dataSource, people, config.defaultTimeZone);
  log.info('demo data loaded');
}
