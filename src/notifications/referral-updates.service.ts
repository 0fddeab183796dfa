import { BadInput } from '../common/errors';
import { isUuid } from '../common/ids';
import { CASELOAD_ROLES, Role } from '../people/enums';
import type { User } from '../people/user.entity';
import { ReferralDirection } from '../referrals/enums';
import { getReferral } from '../referrals/referral-reads.service';
import type { UpdateEvent } from './fan-out';
import type { ReferralUpdate, ReferralUpdatesFilter } from './referral-update.types';
import type { LiveEvent, SubscriptionContext } from './subscription-context';
import { mapEach } from './subscription-stream';

interface Wanted {
  referralId: string | null;
  direction: ReferralDirection | null;
}

/**
 * On the event's own columns, before anything is read: the referring organization's caseload
 * side hears of its referrals, the receiving organization's staff of those it received once
 * sent. The filter narrows that. Whether the viewer reaches the referral (a coach only their own
 * clients') is getReferral's to say, at delivery.
 */
function mayHear(viewer: User, event: UpdateEvent, wanted: Wanted): boolean {
  if (wanted.referralId !== null && event.referralId !== wanted.referralId) return false;
  const made = CASELOAD_ROLES.includes(viewer.role) && event.referringOrganizationId === viewer.organizationId;
  const received = viewer.role === Role.AGENCY_STAFF && event.receivingOrganizationId === viewer.organizationId && event.sent;
  if (wanted.direction === ReferralDirection.SENT) return made;
  if (wanted.direction === ReferralDirection.RECEIVED) return received;
  return made || received;
}

/**
 * Every committed change to a referral the viewer may see, from now on. Each event is resolved
 * for the viewer at delivery in a context of its own, with the viewer read again: the referral as
 * referral(id) would show it to them now, and nothing at all when it would be null.
 */
export async function referralUpdates(ctx: SubscriptionContext, filter: ReferralUpdatesFilter | null): Promise<AsyncIterableIterator<LiveEvent<ReferralUpdate>>> {
  const wanted: Wanted = { referralId: filter?.referralId ?? null, direction: filter?.direction ?? null };
  if (wanted.referralId !== null && !isUuid(wanted.referralId)) throw BadInput.field('filter.referralId', 'must be an id');
  const subscriber = ctx.user;
  const feed = await ctx.live.updates.subscribe(
    (event) => mayHear(subscriber, event, wanted),
    () => ctx.live.overflowed(),
  );
  return mapEach(feed, async (event) => {
    const context = await ctx.live.eventContext(event.batch);
    // The role or organization may have changed since the subscription began.
    if (!context?.viewer || !mayHear(context.viewer, event, wanted)) return null;
    const referral = await getReferral(context, event.referralId);
    return referral && { payload: { eventId: event.id, kind: event.kind, version: event.version, at: event.at, referral }, context };
  });
}
