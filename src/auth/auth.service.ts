import type { DataSource } from 'typeorm';
import type { Context } from '../context';
import { FieldProblems, Unauthenticated } from '../common/errors';
import { recordAudit } from '../audit/audit.service';
import { User } from '../people/user.entity';
import { DUMMY_HASH, MAX_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { signToken, verifyToken, type TokenSettings } from './tokens';

const WRONG_CREDENTIALS = 'Wrong email or password.';
const MAX_EMAIL_LENGTH = 320;

/** The same answer, after the same work, for an unknown email, a wrong password and a deactivated account. */
export async function login(ctx: Context, email: string, password: string) {
  // Bounded before any work: scrypt of a megabyte of "password" is a cheap way to tie up the server.
  new FieldProblems()
    .check(email.length <= MAX_EMAIL_LENGTH, 'email', `must be at most ${MAX_EMAIL_LENGTH} characters`)
    .check(password.length <= MAX_PASSWORD_LENGTH, 'password', `must be at most ${MAX_PASSWORD_LENGTH} characters`)
    .throwIfAny();
  const user = await ctx.em
    .createQueryBuilder(User, 'u')
    .addSelect('u.passwordHash')
    .where('u.email = :email', { email: email.trim().toLowerCase() })
    .getOne();
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || !user.active) throw new Unauthenticated(WRONG_CREDENTIALS);

  const { token, expiresAt } = await signToken(user.id, ctx.config);
  await recordAudit(ctx, { action: 'login', entityType: 'User', entityId: user.id, actorId: user.id });
  return { token, expiresAt, user };
}

/**
 * The user a bearer token speaks for. A bad, expired or forged token, or one whose user has
 * since been deactivated, is UNAUTHENTICATED: the user is read on every request, so
 * deactivation takes effect at once.
 */
export async function viewerFromAuthorization(
  dataSource: DataSource,
  header: string | undefined,
  settings: TokenSettings,
): Promise<User | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const userId = match ? await verifyToken(match[1], settings) : null;
  const user = userId ? await dataSource.manager.findOneBy(User, { id: userId }) : null;
  if (!user?.active) throw new Unauthenticated('The sign-in token is invalid, expired or revoked; sign in again.');
  return user;
}
