import { IsOptional, IsUUID, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { LIMITS } from './limits';

const ID_MESSAGE = { message: 'must be an id' };
const AT_MOST = (max: number) => ({ message: `must be at most ${max} characters` });

@InputType()
export class SupportContactInput {
  @Field() @Length(1, LIMITS.contactName, { message: `must be 1 to ${LIMITS.contactName} characters` }) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.relationship, AT_MOST(LIMITS.relationship)) relationship?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.phone, AT_MOST(LIMITS.phone)) phone?: string | null;
}

/**
 * The lists' sizes and entries are checked by the service (plan-rules.ts), which names the
 * exact entry (input.triggers.3); class-validator would name the list alone.
 */
@InputType()
export class SaveRecoveryPlanInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) clientId: string;
  @Field(() => Int, { nullable: true, description: 'Required when the client already has a plan: the version you saw.' })
  @IsOptional()
  @Min(1, { message: 'must be a version this plan has had (1 or more)' })
  expectedVersion?: number | null;
  @Field(() => [String], { nullable: true }) triggers?: string[] | null;
  @Field(() => [String], { nullable: true }) warningSigns?: string[] | null;
  @Field(() => [String], { nullable: true }) copingStrategies?: string[] | null;
  @Field(() => [SupportContactInput], { nullable: true }) @IsOptional() @ValidateNested() supportContacts?: SupportContactInput[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.crisisPlan, AT_MOST(LIMITS.crisisPlan)) crisisPlan?: string | null;
}

@InputType()
export class RecordAssessmentInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) clientId: string;
  @Field(() => DateScalar, { description: 'Not in the future.' }) takenOn: string;
  /** Counted and bounded by the service, which names the bad rating (input.items.6). */
  @Field(() => [Int], { description: 'Exactly ten ratings, each 1 to 6.' }) items: number[];
}

@InputType()
export class HandOffClientInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) clientId: string;
  @Field(() => ID, { description: 'An active coach of the client\'s organization, not the current one.' }) @IsUUID('all', ID_MESSAGE) toCoachId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.handoffNote, AT_MOST(LIMITS.handoffNote)) note?: string | null;
}
