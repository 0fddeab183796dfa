import { IsEmail, IsOptional, IsUUID, IsUrl, Length, MaxLength } from 'class-validator';
import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../common/scalars';
import { IsAcceptablePassword } from '../auth/password-rules';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords';
import { CoachKind, OrganizationKind, Role } from './enums';

const ID_MESSAGE = { message: 'must be an id' };
const PASSWORD_RULES = '12 to 200 characters; not one of the 10,000 most common passwords, one character repeated, or the email.';

@InputType()
export class CreateOrganizationInput {
  @Field() @Length(1, 200, { message: 'must be 1 to 200 characters' }) name: string;
  @Field() @MaxLength(5000) description: string;
  @Field(() => [OrganizationKind])
  @ArrayMinSize(1, { message: 'needs at least one kind' })
  @ArrayMaxSize(3, { message: 'has at most one of each kind' })
  kinds: OrganizationKind[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: 'must be an email address' }) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({}, { message: 'must be a URL' }) website?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) phone?: string | null;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 200, { message: 'must be 1 to 200 characters' }) name?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(5000) description?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: 'must be an email address' }) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({}, { message: 'must be a URL' }) website?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) phone?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field() @IsEmail({}, { message: 'must be an email address' }) email: string;
  @Field() @Length(1, 200, { message: 'must be 1 to 200 characters' }) name: string;
  @Field({ description: PASSWORD_RULES })
  @IsAcceptablePassword()
  password: string;
  @Field(() => Role) role: Role;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) organizationId?: string | null;
  @Field(() => CoachKind, { nullable: true }) coachKind?: CoachKind | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) supervisorId?: string | null;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MaxLength(MAX_PASSWORD_LENGTH, { message: `must be at most ${MAX_PASSWORD_LENGTH} characters` })
  currentPassword: string;
  @Field({ description: `The same rules as a new user's password: ${PASSWORD_RULES}` }) newPassword: string;
}

@InputType()
export class SetUserPasswordInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) userId: string;
  @Field({ description: PASSWORD_RULES }) newPassword: string;
}

@InputType()
export class AddCertificationInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) userId: string;
  @Field() @Length(1, 200, { message: 'must be 1 to 200 characters' }) name: string;
  @Field() @Length(1, 200, { message: 'must be 1 to 200 characters' }) issuer: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) number?: string | null;
  @Field(() => DateScalar, { nullable: true }) issuedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) expiresOn?: string | null;
}

@InputType()
export class CreateGrantInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) funderId: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) granteeId: string;
  @Field() @Length(1, 200, { message: 'must be 1 to 200 characters' }) name: string;
  @Field(() => DateScalar) startsOn: string;
  @Field(() => DateScalar, { nullable: true }) endsOn?: string | null;
}
