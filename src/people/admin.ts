import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/log';
import { hashPassword } from '../auth/passwords';
import { Role } from './enums';
import { User } from './user.entity';

/** What a production start says when nobody could ever sign in to set Beacon up. */
export const NO_ADMIN_WARNING =
  'no admin exists and ADMIN_EMAIL is not set, so nobody can sign in to set Beacon up: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create the first admin';

/** ADMIN_EMAIL/ADMIN_PASSWORD (checked with the other settings) create the first admin when there is none; otherwise this changes nothing. */
export async function ensureAdmin(dataSource: DataSource, config: Pick<Config, 'adminEmail' | 'adminPassword'>, log: Logger): Promise<void> {
  if (!config.adminEmail || !config.adminPassword || (await hasAdmin(dataSource))) return;
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

/**
 * A production start that left the database without an admin (no ADMIN_EMAIL, no demo admin) warns how to create
 * one: only organizations and people made by an admin let anyone else in. Called once the start has seeded what it will.
 */
export async function warnIfNoAdmin(dataSource: DataSource, config: Pick<Config, 'adminEmail' | 'production'>, log: Logger): Promise<void> {
  if (config.production && !config.adminEmail && !(await hasAdmin(dataSource))) log.warn(NO_ADMIN_WARNING);
}

function hasAdmin(dataSource: DataSource): Promise<boolean> {
  return dataSource.manager.existsBy(User, { role: Role.ADMIN });
}
