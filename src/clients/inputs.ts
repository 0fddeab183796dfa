import {
  ArrayMaxSize,
  IsEmail,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { ConsentMethod, ConsentScope, ContactPreference, GoalDomain, GoalStatus } from './enums';

const ID_MESSAGE = { message: 'must be an id' };
const NAME = { message: 'must be at most 100 characters' };
const MIN_BIRTH_YEAR = 1900;
/** The longest address RFC 5321 allows through a mail server. */
const MAX_EMAIL = 254;

/**
 * A year no later than the current one in UTC, read at each validation: a bound fixed when
 * the process starts would refuse this year's births after New Year. UTC, because a validator
 * has no request context to read DEFAULT_TIME_ZONE from; for a zone behind UTC (the default
 * America/New_York) it accepts the coming year a few hours early but never refuses a birth.
 */
function NotAfterThisYear(): PropertyDecorator {
  return ValidateBy({
    name: 'notAfterThisYear',
    validator: {
      validate: (value: unknown) => typeof value !== 'number' || value <= new Date().getUTCFullYear(),
      defaultMessage: () => 'must not lie in the future',
    },
  });
}

/** The optional fields, shared by create and update (null clears them in an update). Never an argument itself, so not in the schema. */
@InputType()
abstract class ClientFields {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100, NAME) firstName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100, NAME) lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(3, 40, { message: 'must be 3 to 40 characters' }) phone?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(MAX_EMAIL, { message: `must be at most ${MAX_EMAIL} characters` })
  @IsEmail({}, { message: 'must be an email address' })
  email?: string | null;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be a year' })
  @Min(MIN_BIRTH_YEAR, { message: `must be ${MIN_BIRTH_YEAR} or later` })
  @NotAfterThisYear()
  birthYear?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(2, 20, { message: 'must be 2 to 20 characters' }) postalCode?: string | null;
  @Field(() => [String], { nullable: true, description: 'Language tags such as en or es.' })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'must list at most 20 languages' })
  @Length(2, 35, { each: true, message: 'must each be 2 to 35 characters' })
  languages?: string[] | null;
  @Field(() => ContactPreference, { nullable: true }) contactPreference?: ContactPreference | null;
  @Field(() => ID, { nullable: true, description: "Supervisors may assign; a coach's client is assigned to the coach." })
  @IsOptional()
  @IsUUID('all', ID_MESSAGE)
  assignedCoachId?: string | null;
}

@InputType()
export class CreateClientInput extends ClientFields {
  @Field() @Length(1, 100, { message: 'must be 1 to 100 characters' }) alias: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Create the client even when likely duplicates (same first name, last name and birth year) exist in the organization.',
  })
  allowDuplicate?: boolean | null;
}

@InputType()
export class UpdateClientInput extends ClientFields {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 100, { message: 'must be 1 to 100 characters' }) alias?: string | null;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) clientId: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) organizationId: string;
  @Field(() => ConsentScope) scope: ConsentScope;
  @Field(() => ConsentMethod) method: ConsentMethod;
  @Field(() => Date, { nullable: true, description: 'Must lie in the future.' }) expiresAt?: Date | null;
}

@InputType()
export class CreateGoalInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) clientId: string;
  @Field(() => GoalDomain) domain: GoalDomain;
  @Field() @Length(1, 2000, { message: 'must be 1 to 2000 characters' }) description: string;
  @Field(() => DateScalar, { nullable: true }) targetDate?: string | null;
}

@InputType()
export class UpdateGoalInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 2000, { message: 'must be 1 to 2000 characters' }) description?: string | null;
  @Field(() => GoalStatus, { nullable: true }) status?: GoalStatus | null;
  @Field(() => DateScalar, { nullable: true }) targetDate?: string | null;
}
