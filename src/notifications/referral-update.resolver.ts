import { Arg, Authorized, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../people/enums';
import { ReferralUpdate, ReferralUpdatesFilter } from './referral-update.types';
import { referralUpdates } from './referral-updates.service';
import { SubscriptionOverHttp, type SubscriptionContext } from './subscription-context';

@Resolver(() => ReferralUpdate)
export class ReferralUpdateResolver {
  /** Admins hear nothing by subscription, funders and anonymous callers neither. */
  @Authorized(Role.COACH, Role.SUPERVISOR, Role.AGENCY_STAFF)
  @Subscription(() => ReferralUpdate, {
    description:
      'Coaches, supervisors and agency staff: every committed change to a referral they may see. Served over the graphql-ws protocol on /graphql; the token travels in connection_init\'s payload as { authorization: "Bearer <token>" }.',
    // Only graphql-ws calls subscribe (subscription-server.ts), always with a SubscriptionContext.
    subscribe: ({ context, args }) => referralUpdates(context as SubscriptionContext, (args.filter as ReferralUpdatesFilter | undefined) ?? null),
  })
  referralUpdates(
    @Root() update: ReferralUpdate,
    // Read by `subscribe` above; declared here so that the schema has the argument.
    @Arg('filter', () => ReferralUpdatesFilter, { nullable: true }) _filter?: ReferralUpdatesFilter,
  ): ReferralUpdate {
    // Each event of the stream is the root; an HTTP request brings none.
    if (!update) throw new SubscriptionOverHttp();
    return update;
  }
}
