import {
  ArrayMaxSize,
  IsEmail,
  IsInt,
  IsOptional,
  IsUUID,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Insurance, Population, ServiceCategory, ServiceSort, ServiceStatus, Weekday } from './enums';
import { DiffersFrom, GivenWith, IsLanguageCode, IsTimeZone, NotAbove } from './validators';

const ID_MESSAGE = { message: 'must be an id' };
const TAXONOMY_CODE = { each: true, message: 'must be a taxonomy code' };
const OPENS = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSES = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const AGE = { min: { message: 'must be from 0 to 120' }, max: { message: 'must be from 0 to 120' } };
const LENGTH = (max: number) => ({ message: `must be 1 to ${max} characters` });
/**
 * Every list has a ceiling: without one, a single createService of a megabyte inserts tens of
 * thousands of rows in one transaction, and a search binds as many values.
 */
const AT_MOST = (max: number, what: string) => ArrayMaxSize(max, { message: `must list at most ${max} ${what}` });
const LIMIT = { locations: 20, phones: 10, schedules: 50, accessibility: 20, codes: 50, languages: 20, costOptions: 20, documents: 50, enumValues: 20 };

@InputType()
export class AddressInput {
  @Field() @Length(1, 200, LENGTH(200)) address1: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'must be at most 200 characters' }) address2?: string | null;
  @Field() @Length(1, 100, LENGTH(100)) city: string;
  @Field() @Length(1, 100, LENGTH(100)) stateProvince: string;
  @Field() @Length(1, 20, LENGTH(20)) postalCode: string;
  @Field() @Length(2, 2, { message: 'must be a two-letter ISO 3166 country code' }) country: string;
}

@InputType()
export class PhoneInput {
  @Field() @Matches(/^[0-9+()\-.\s]{3,40}$/, { message: 'must be a phone number' }) number: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40, { message: 'must be at most 40 characters' }) type?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'must be at most 200 characters' }) description?: string | null;
}

@InputType()
export class ScheduleInput {
  @Field(() => Weekday) weekday: Weekday;
  @Field() @Matches(OPENS, { message: 'must be HH:MM from 00:00 to 23:59' }) opensAt: string;
  @Field()
  @Matches(CLOSES, { message: 'must be HH:MM from 00:00 to 24:00' })
  @DiffersFrom('opensAt')
  closesAt: string;
}

@InputType()
export class LocationInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200, { message: 'must be at most 200 characters' }) name?: string | null;
  @Field(() => Boolean, { nullable: true }) confidential?: boolean | null;
  @Field(() => AddressInput, { nullable: true }) @IsOptional() @ValidateNested() address?: AddressInput | null;
  @Field(() => Float, { nullable: true })
  @GivenWith('longitude')
  @IsOptional()
  @Min(-90, { message: 'must be from -90 to 90' })
  @Max(90, { message: 'must be from -90 to 90' })
  latitude?: number | null;
  @Field(() => Float, { nullable: true })
  @GivenWith('latitude')
  @IsOptional()
  @Min(-180, { message: 'must be from -180 to 180' })
  @Max(180, { message: 'must be from -180 to 180' })
  longitude?: number | null;
  @Field(() => String, { nullable: true, description: "IANA zone. Default: the server's configured zone." })
  @IsOptional()
  @MaxLength(64, { message: 'must be an IANA time zone such as America/New_York' })
  @IsTimeZone()
  timeZone?: string | null;
  @Field(() => [PhoneInput], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.phones, 'phones') @ValidateNested() phones?: PhoneInput[] | null;
  @Field(() => [ScheduleInput], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.schedules, 'openings') @ValidateNested() schedules?: ScheduleInput[] | null;
  @Field(() => [String], { nullable: true }) @IsOptional()
  @AT_MOST(LIMIT.accessibility, 'accessibility features')
  @MaxLength(200, { each: true, message: 'must be at most 200 characters' })
  accessibility?: string[] | null;
}

@InputType()
export class EligibilityInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0, AGE.min) @Max(120, AGE.max) @NotAbove('maximumAge') minimumAge?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0, AGE.min) @Max(120, AGE.max) maximumAge?: number | null;
  @Field(() => [Population], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.enumValues, 'populations') populations?: Population[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000, { message: 'must be at most 2000 characters' }) description?: string | null;
}

@InputType()
export class CostOptionInput {
  @Field() @Length(1, 200, LENGTH(200)) option: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, { message: 'must not be negative' }) amount?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code such as USD' }) currency?: string | null;
}

@InputType()
export class CapacityInput {
  @Field(() => Int) @Min(0, { message: 'must not be negative' }) @NotAbove('maximum') available: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0, { message: 'must not be negative' }) maximum?: number | null;
  @Field() @Length(1, 40, LENGTH(40)) unit: string;
}

/** The listing fields that createService and updateService share (a base type only; no resolver uses it, so it is not in the schema). */
@InputType()
abstract class ServiceFieldsInput {
  @Field(() => [String], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.codes, 'taxonomy codes') @Length(1, 100, TAXONOMY_CODE) taxonomyCodes?: string[] | null;
  @Field(() => [LocationInput], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.locations, 'locations') @ValidateNested() locations?: LocationInput[] | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.languages, 'languages') @IsLanguageCode({ each: true }) languages?: string[] | null;
  @Field(() => EligibilityInput, { nullable: true }) @IsOptional() @ValidateNested() eligibility?: EligibilityInput | null;
  @Field(() => [Insurance], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.enumValues, 'plans') acceptedInsurance?: Insurance[] | null;
  @Field(() => [CostOptionInput], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.costOptions, 'cost options') @ValidateNested() costOptions?: CostOptionInput[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000, { message: 'must be at most 5000 characters' }) applicationProcess?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional()
  @AT_MOST(LIMIT.documents, 'documents')
  @Length(1, 200, { each: true, message: 'must be 1 to 200 characters' })
  requiredDocuments?: string[] | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http or https URL' })
  url?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(254, { message: 'must be at most 254 characters' }) @IsEmail({}, { message: 'must be an email address' }) email?: string | null;
}

@InputType()
export class CreateServiceInput extends ServiceFieldsInput {
  @Field(() => ID, { nullable: true, description: "Defaults to the viewer's organization; admins may name any provider." })
  @IsOptional()
  @IsUUID('all', ID_MESSAGE)
  organizationId?: string | null;
  @Field() @Length(1, 200, LENGTH(200)) name: string;
  @Field() @MaxLength(5000, { message: 'must be at most 5000 characters' }) description: string;
  @Field(() => ServiceCategory) category: ServiceCategory;
  @Field(() => CapacityInput, { nullable: true }) @IsOptional() @ValidateNested() capacity?: CapacityInput | null;
}

@InputType({ description: 'Only the fields given change. A list given replaces the whole list.' })
export class UpdateServiceInput extends ServiceFieldsInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id: string;
  @Field(() => Int) @IsInt() @Min(1, { message: 'must be a version this listing had' }) expectedVersion: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200, LENGTH(200)) name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000, { message: 'must be at most 5000 characters' }) description?: string | null;
  @Field(() => ServiceCategory, { nullable: true }) category?: ServiceCategory | null;
  @Field(() => ServiceStatus, { nullable: true }) status?: ServiceStatus | null;
}

@InputType()
export class UpdateCapacityInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) serviceId: string;
  @Field(() => Int) @Min(0, { message: 'must not be negative' }) @NotAbove('maximum') available: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0, { message: 'must not be negative' }) maximum?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 40, LENGTH(40)) unit?: string | null;
}

@InputType()
export class GeoPointInput {
  @Field(() => Float) @Min(-90, { message: 'must be from -90 to 90' }) @Max(90, { message: 'must be from -90 to 90' }) latitude: number;
  @Field(() => Float) @Min(-180, { message: 'must be from -180 to 180' }) @Max(180, { message: 'must be from -180 to 180' }) longitude: number;
}

@InputType({ description: 'All given criteria must hold (AND); a list matches when any of its values does (OR).' })
export class ServiceSearchInput {
  @Field(() => String, { nullable: true, description: 'Free text over name, description, organization name and taxonomy terms (stemmed, typo tolerant).' })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  text?: string | null;
  @Field(() => [ServiceCategory], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.enumValues, 'categories') categories?: ServiceCategory[] | null;
  @Field(() => [String], { nullable: true, description: 'A term code matches that term and every term below it.' })
  @IsOptional()
  @AT_MOST(LIMIT.codes, 'taxonomy codes')
  @Length(1, 100, TAXONOMY_CODE)
  taxonomyCodes?: string[] | null;
  @Field(() => GeoPointInput, { nullable: true }) @IsOptional() @ValidateNested() near?: GeoPointInput | null;
  @Field(() => Float, { nullable: true, description: 'Needs near. Default 25.' })
  @IsOptional()
  @Min(0.1, { message: 'must be from 0.1 to 1000' })
  @Max(1000, { message: 'must be from 0.1 to 1000' })
  radiusKm?: number | null;
  @Field(() => Date, { nullable: true, description: 'Only services open at this instant.' }) openAt?: Date | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.languages, 'languages') @IsLanguageCode({ each: true }) languages?: string[] | null;
  @Field(() => Int, { nullable: true, description: 'Only services whose age range admits this age.' }) @IsOptional() @Min(0, AGE.min) @Max(120, AGE.max) age?: number | null;
  @Field(() => [Population], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.enumValues, 'populations') populations?: Population[] | null;
  @Field(() => [Insurance], { nullable: true }) @IsOptional() @AT_MOST(LIMIT.enumValues, 'plans') insurance?: Insurance[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only services with capacity.available > 0.' }) hasCapacity?: boolean | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) organizationId?: string | null;
  @Field(() => [ServiceStatus], { nullable: true, description: 'Default [ACTIVE].' }) @IsOptional() @AT_MOST(LIMIT.enumValues, 'statuses') statuses?: ServiceStatus[] | null;
  @Field(() => ServiceSort, { nullable: true }) sort?: ServiceSort | null;
}
