import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/log';
import { hashPassword } from '../auth/passwords';
import { Role } from './enums';
import { User } from './user.entity';

/** ADMIN_EMAIL/ADMIN_PASSWORD (checked with the other settings) create the first admin when there is none; with an admin present they change nothing. */
export async function ensureAdmin(dataSource: DataSource, config: Pick<Config, 'adminEmail' | 'adminPassword'>, log: Logger): Promise<void> {
  if (!config.adminEmail || !config.adminPassword) return;
  if (await dataSource.manager.existsBy(User, { role: Role.ADMIN })) return;
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
