import type { DataSource } from 'typeorm';
import { ConfigError, type Config } from '../config';
import type { Logger } from '../common/log';
import { passwordProblem } from '../auth/password-rules';
import { hashPassword } from '../auth/passwords';
import { Role } from './enums';
import { User } from './user.entity';

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD create the first admin when there is none; with an admin present they
 * change nothing. A password that breaks the rules stops the start either way, naming the variable.
 */
export async function ensureAdmin(dataSource: DataSource, config: Pick<Config, 'adminEmail' | 'adminPassword'>, log: Logger): Promise<void> {
  if (!config.adminEmail || !config.adminPassword) return;
  const problem = passwordProblem(config.adminPassword, config.adminEmail);
  if (problem) throw new ConfigError([`ADMIN_PASSWORD ${problem}`]);
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
