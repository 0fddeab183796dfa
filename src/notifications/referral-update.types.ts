import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ReferralDirection } from '../referrals/enums';
import { Referral } from '../referrals/referral.entity';
import { ReferralUpdateKind } from './enums';

@ObjectType({ description: 'One committed change to a referral.' })
export class ReferralUpdate {
  @Field(() => ID, { description: 'The event: the same id as the webhook-id header of the webhooks that announce it.' }) eventId: string;
  @Field(() => ReferralUpdateKind) kind: ReferralUpdateKind;
  @Field(() => Int, {
    description: "The referral's version once this change was made (referral.version is the referral's version at delivery): order updates by it.",
  })
  version: number;
  @Field(() => Date) at: Date;
  @Field(() => Referral, { description: 'The referral as the subscriber may see it when the update is delivered (the same rules as referral(id)).' })
  referral: Referral;
}

@InputType()
export class ReferralUpdatesFilter {
  @Field(() => ID, { nullable: true, description: 'Only this referral.' }) referralId?: string | null;
  @Field(() => ReferralDirection, {
    nullable: true,
    description: "SENT: referrals made by the viewer's organization; RECEIVED: sent to it. Default: both.",
  })
  direction?: ReferralDirection | null;
}
