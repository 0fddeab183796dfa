import type { AuthCheckerFn } from 'type-graphql';
import type { Context } from '../context';
import { Forbidden, Unauthenticated } from '../common/errors';
import type { Role } from '../people/enums';

/**
 * `@Authorized()` needs a signed-in user; `@Authorized(roles)` one of those roles. Anonymous
 * callers get UNAUTHENTICATED, other roles FORBIDDEN. Which records a permitted role may
 * touch is each domain's policy, enforced in its service.
 */
export const authChecker: AuthCheckerFn<Context, Role> = ({ context }, roles) => {
  if (!context.viewer) throw new Unauthenticated();
  if (roles.length > 0 && !roles.includes(context.viewer.role)) throw new Forbidden();
  return true;
};
