import { registerEnumType } from 'type-graphql';

export enum ServiceCategory {
  HOUSING = 'HOUSING',
  EMPLOYMENT = 'EMPLOYMENT',
  TREATMENT = 'TREATMENT',
  RECOVERY_SUPPORT = 'RECOVERY_SUPPORT',
  EDUCATION = 'EDUCATION',
  HEALTH_CARE = 'HEALTH_CARE',
  BASIC_NEEDS = 'BASIC_NEEDS',
  LEGAL = 'LEGAL',
  FINANCIAL = 'FINANCIAL',
  TRANSPORTATION = 'TRANSPORTATION',
}

export enum ServiceStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
  DEFUNCT = 'DEFUNCT',
  TEMPORARILY_CLOSED = 'TEMPORARILY_CLOSED',
}

export enum Population {
  ADULTS = 'ADULTS',
  YOUTH = 'YOUTH',
  OLDER_ADULTS = 'OLDER_ADULTS',
  WOMEN = 'WOMEN',
  MEN = 'MEN',
  FAMILIES = 'FAMILIES',
  PREGNANT_OR_PARENTING = 'PREGNANT_OR_PARENTING',
  VETERANS = 'VETERANS',
  LGBTQ = 'LGBTQ',
  REENTRY = 'REENTRY',
  PEOPLE_EXPERIENCING_HOMELESSNESS = 'PEOPLE_EXPERIENCING_HOMELESSNESS',
  PEOPLE_WITH_DISABILITIES = 'PEOPLE_WITH_DISABILITIES',
  SURVIVORS_OF_VIOLENCE = 'SURVIVORS_OF_VIOLENCE',
}

export enum Insurance {
  MEDICAID = 'MEDICAID',
  MEDICARE = 'MEDICARE',
  PRIVATE = 'PRIVATE',
  VA = 'VA',
  UNINSURED = 'UNINSURED',
}

/** In ISO order: the schedule table stores MONDAY as 1 and SUNDAY as 7. */
export enum Weekday {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}

export const WEEKDAYS = Object.values(Weekday);

export enum ServiceSort {
  RELEVANCE = 'RELEVANCE',
  DISTANCE = 'DISTANCE',
  NAME = 'NAME',
  RECENTLY_VERIFIED = 'RECENTLY_VERIFIED',
}

registerEnumType(ServiceCategory, { name: 'ServiceCategory', description: 'Top-level kind of help. Finer grain comes from taxonomy terms.' });
registerEnumType(ServiceStatus, { name: 'ServiceStatus', description: 'HSDS service.status.' });
registerEnumType(Population, { name: 'Population', description: 'Groups a service may be dedicated to (eligibility).' });
registerEnumType(Insurance, { name: 'Insurance' });
registerEnumType(Weekday, { name: 'Weekday' });
registerEnumType(ServiceSort, {
  name: 'ServiceSort',
  valuesConfig: { RELEVANCE: { description: 'Text rank when text is given, then distance, then name.' } },
});
