import type { DataSource } from 'typeorm';
import type { Context } from '../context';
import { BadInput, FieldProblems, Unauthenticated } from '../common/errors';
import { bearerToken } from '../common/http';
import { recordAudit } from '../audit/audit.service';
import type { ChangePasswordInput } from '../people/inputs';
import { User } from '../people/user.entity';
import { assertPassword } from './password-rules';
import { MAX_PASSWORD_LENGTH, dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords';
import { signToken, verifyToken, type TokenSettings } from './tokens';

const WRONG_CREDENTIALS = 'Wrong email or password.';
const MAX_EMAIL_LENGTH = 320;

/**
 * The same answer, after the same work, for an unknown email, a wrong password and a deactivated
 * account. Each attempt passes the per-address and per-email limits first, so a locked email
 * answers RATE_LIMITED whether or not the password is right and whether or not anyone has it.
 */
export async function login(ctx: Context, email: string, password: string) {
  // Bounded before any work: hashing a megabyte of "password" is a cheap way to tie up the server.
  new FieldProblems()
    .check(email.length <= MAX_EMAIL_LENGTH, 'email', `must be at most ${MAX_EMAIL_LENGTH} characters`)
    .check(password.length <= MAX_PASSWORD_LENGTH, 'password', `must be at most ${MAX_PASSWORD_LENGTH} characters`)
    .throwIfAny();
  const attempt = await ctx.limits.signIn(email, ctx.request.address);
  const user = await ctx.em
    .createQueryBuilder(User, 'u')
    .addSelect('u.passwordHash')
    .where('u.email = :email', { email: email.trim().toLowerCase() })
    .getOne();
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !matches || !user.active) {
    await attempt.failed();
    throw new Unauthenticated(WRONG_CREDENTIALS);
  }
  await attempt.succeeded();
  if (needsRehash(user.passwordHash)) await upgradeHash(ctx, user, password);

  const { token, expiresAt } = await signToken({ userId: user.id, tokenVersion: user.tokenVersion }, ctx.config);
  await recordAudit(ctx, { action: 'login', entityType: 'User', entityId: user.id, actorId: user.id });
  return { token, expiresAt, user };
}

/**
 * The signed-in user changes their own password, proving the current one (a wrong one counts
 * toward the sign-in lockout, like a failed sign-in). Every earlier token of theirs ends; the
 * answer carries a fresh one.
 */
export async function changePassword(ctx: Context, input: ChangePasswordInput) {
  const viewer = ctx.user;
  assertPassword('input.newPassword', input.newPassword, viewer.email);
  const attempt = await ctx.limits.signIn(viewer.email, ctx.request.address);
  return ctx.transaction(async (tx) => {
    const current = await tx.em
      .createQueryBuilder(User, 'u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: viewer.id })
      .setLock('pessimistic_write')
      .getOneOrFail();
    if (!(await verifyPassword(input.currentPassword, current.passwordHash))) {
      await attempt.failed();
      throw BadInput.field('input.currentPassword', 'is not your current password');
    }
    await attempt.succeeded();
    const user = await replacePassword(tx, current, input.newPassword);
    await recordAudit(tx, { action: 'changePassword', entityType: 'User', entityId: user.id });
    const { token, expiresAt } = await signToken({ userId: user.id, tokenVersion: user.tokenVersion }, tx.config);
    return { token, expiresAt, user };
  });
}

/**
 * Stores a new password (already checked against the rules) and moves the user's token version
 * on, so every token issued before stops working at its next request. Call inside a transaction
 * holding the user's row.
 */
export async function replacePassword(tx: Context, user: User, password: string): Promise<User> {
  user.passwordHash = await hashPassword(password);
  user.tokenVersion += 1;
  return tx.em.save(user);
}

/** Rehashes an older or weaker hash with the current parameters; a password changed meanwhile is left alone. */
async function upgradeHash(ctx: Context, user: User, password: string): Promise<void> {
  await ctx.em
    .createQueryBuilder()
    .update(User)
    .set({ passwordHash: await hashPassword(password) })
    .where('id = :id AND password_hash = :old', { id: user.id, old: user.passwordHash })
    .execute();
}

/**
 * The user a bearer token speaks for. A bad, expired or forged token, one without an expiry or
 * whose subject is not a user id, one issued before the user's password last changed, or one
 * whose user has since been deactivated, is UNAUTHENTICATED: the user is read on every request,
 * so deactivation and password changes take effect at once.
 */
export async function viewerFromAuthorization(
  dataSource: DataSource,
  header: string | undefined,
  settings: TokenSettings,
): Promise<User | null> {
  if (!header) return null;
  const token = bearerToken(header);
  const claims = token ? await verifyToken(token, settings) : null;
  const user = claims ? await dataSource.manager.findOneBy(User, { id: claims.userId }) : null;
  if (!user?.active || user.tokenVersion !== claims?.tokenVersion) {
    throw new Unauthenticated('The sign-in token is invalid, expired or revoked; sign in again.');
  }
  return user;
}
