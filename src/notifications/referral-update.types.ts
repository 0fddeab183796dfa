import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ReferralDirection } from '../referrals/enums';
import { Referral } from '../referrals/referral.entity';
import { ReferralUpdateKind } from './enums';

@ObjectType({ description: 'One committed change to a referral.' })
export class ReferralUpdate {
  @Field(() => ReferralUpdateKind) kind: ReferralUpdateKind;
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
