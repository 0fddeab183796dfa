import type { Context } from '../context';
import { consentLoaders } from './loaders';
import type { ConsentScope } from './enums';

/**
 * Whether the client has an active consent of `scope` to share with `organizationId`, as of
 * this request (batched: one query for every check a request makes).
 */
export function hasActiveConsent(ctx: Context, clientId: string, organizationId: string, scope: ConsentScope): Promise<boolean> {
  return ctx.load(consentLoaders).active.load({ clientId, organizationId, scope });
}
