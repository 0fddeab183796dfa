import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/log';
import { hashPassword } from '../auth/passwords';
import { Role } from './enums';
import { Organization } from './organization.entity';
import { User } from './user.entity';

/** What a production start says when nobody could ever sign in to set Beacon up. */
export const NO_ADMIN_WARNING =
  'no admin exists and ADMIN_EMAIL is not set, so nobody can sign in to set Beacon up: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create the first admin';

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD (checked with the other settings) create the first admin when there is none; with an admin present they change nothing.
 * Without them, a production start on a database with no admin warns how to create one (only organizations
 * and people made by an admin let anyone else in), unless the demo is about to load its own admin.
 */
export async function ensureAdmin(
  dataSource: DataSource,
  config: Pick<Config, 'adminEmail' | 'adminPassword' | 'production' | 'seedDemo'>,
  log: Logger,
): Promise<void> {
  if (!config.adminEmail || !config.adminPassword) {
    if (!config.production || (await hasAdmin(dataSource))) return;
    // The demo loads (with its admin) only into a database without organizations.
    const demoBringsOne = config.seedDemo && !(await dataSource.manager.exists(Organization));
    if (!demoBringsOne) log.warn(NO_ADMIN_WARNING);
    return;
  }
  if (await hasAdmin(dataSource)) return;
  // orIgnore: another instance starting at the same moment may have created it.
  await dataSource.manager
    .createQueryBuilder()
    .insert()
    .into(User)
    .values({
      email: config.adminEmail,
      name: 'Administrator',
      role: Role.ADMIN,
      organizationId: null,
      passwordHash: await hashPassword(config.adminPassword),
      active: true,
    })
    .orIgnore()
    .execute();
  // The address is a person's data: the log says which variable it came from, not what it is.
  log.info('created the first admin from ADMIN_EMAIL');
}

function hasAdmin(dataSource: DataSource): Promise<boolean> {
  return dataSource.manager.existsBy(User, { role: Role.ADMIN });
}
