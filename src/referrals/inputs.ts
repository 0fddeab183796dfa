import { ArrayMaxSize, IsOptional, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { NoteKind, OutcomeType, ReferralDirection, ReferralStatus, Urgency } from './enums';

const ID_MESSAGE = { message: 'must be an id' };
/** Each status at most once: a longer list can only repeat them. */
const STATUS_COUNT = Object.keys(ReferralStatus).length;
const VERSION_MESSAGE = { message: 'must be a version this referral has had (1 or more)' };

@InputType()
export class CreateReferralInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) clientId: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) serviceId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) goalId?: string | null;
  @Field(() => Urgency, { nullable: true }) urgency?: Urgency | null;
  @Field(() => String, { nullable: true, description: 'Becomes the first note.' })
  @IsOptional()
  @MaxLength(5000, { message: 'must be at most 5000 characters' })
  note?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'False keeps it as DRAFT. Default true: REQUESTED.' }) send?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Per referring coach: a retry with the same key, client and service returns the referral made the first time; the same key with another client or service is a CONFLICT.',
  })
  @IsOptional()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  idempotencyKey?: string | null;
}

@InputType()
export class TransitionReferralInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) referralId: string;
  @Field(() => ReferralStatus) to: ReferralStatus;
  @Field(() => String, { nullable: true, description: 'Required for REJECTED, CANCELLED, ON_HOLD, FAILED and ENTERED_IN_ERROR.' })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  reason?: string | null;
  @Field(() => Int, { description: 'The version the caller last saw; a stale version is a CONFLICT.' })
  @Min(1, VERSION_MESSAGE)
  expectedVersion: number;
}

@InputType()
export class AddReferralNoteInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) referralId: string;
  @Field(() => NoteKind, { nullable: true }) kind?: NoteKind | null;
  @Field() @Length(1, 5000, { message: 'must be 1 to 5000 characters' }) body: string;
}

@InputType()
export class RecordOutcomeInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) referralId: string;
  @Field(() => OutcomeType) type: OutcomeType;
  @Field(() => DateScalar) achievedOn: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000, { message: 'must be at most 5000 characters' }) note?: string | null;
  @Field(() => Int) @Min(1, VERSION_MESSAGE) expectedVersion: number;
}

@InputType()
export class ReferralFilter {
  @Field(() => [ReferralStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(STATUS_COUNT, { message: `must list at most ${STATUS_COUNT} statuses` })
  statuses?: ReferralStatus[] | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) clientId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) serviceId?: string | null;
  @Field(() => ReferralDirection, { nullable: true }) direction?: ReferralDirection | null;
  @Field(() => Boolean, { nullable: true }) overdueOnly?: boolean | null;
  @Field(() => Date, { nullable: true }) createdAfter?: Date | null;
  @Field(() => Date, { nullable: true }) createdBefore?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Referrals changed at or after this instant, for clients that poll.' })
  updatedAfter?: Date | null;
}
