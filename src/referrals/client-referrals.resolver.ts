import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Client } from '../clients/client.entity';
import { clientReferrals, openReferralCount } from './referral-reads.service';
import { ReferralConnection } from './types';

/** Client's referral fields; type-graphql merges them into the clients domain's Client type. */
@Resolver(() => Client)
export class ClientReferralsResolver {
  @FieldResolver(() => ReferralConnection)
  referrals(
    @Root() client: Client,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return clientReferrals(ctx, client.id, first, after);
  }

  @FieldResolver(() => Int)
  openReferralCount(@Root() client: Client, @Ctx() ctx: Context) {
    return openReferralCount(ctx, client.id);
  }
}
