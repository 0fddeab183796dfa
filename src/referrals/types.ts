import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/pagination';
import { DateScalar } from '../common/scalars';
import { OutcomeType } from './enums';
import { ReferralNote } from './referral-note.entity';
import { Referral } from './referral.entity';

/** A referral's outcome, read from the outcome columns of its row; its note is a field resolver (who may read it). */
@ObjectType()
export class Outcome {
  @Field(() => OutcomeType) type: OutcomeType;
  @Field({
    description: 'HOUSED, EMPLOYED, ENROLLED_IN_EDUCATION, ENTERED_TREATMENT, COMPLETED_TREATMENT and SERVICE_RECEIVED count as successful.',
  })
  successful: boolean;
  @Field(() => DateScalar) achievedOn: string;
  recordedById: string;
  @Field() recordedAt: Date;
  /** The referral whose outcome it is: its note, and who may read it, come from there. */
  referral: Referral;
}

export const ReferralConnection = ConnectionType('Referral', Referral);

@ObjectType()
export class ReferralPayload {
  @Field(() => Referral) referral: Referral;
}

@ObjectType()
export class ReferralNotePayload {
  @Field(() => ReferralNote) note: ReferralNote;
  @Field(() => Referral) referral: Referral;
}
