import { registerEnumType } from 'type-graphql';

/** What the outcome report's rows are grouped by; MONTH and QUARTER are the two period grains (see dimensions.ts). */
export enum ReportDimension {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  CATEGORY = 'CATEGORY',
  ORGANIZATION = 'ORGANIZATION',
  OUTCOME_TYPE = 'OUTCOME_TYPE',
}

registerEnumType(ReportDimension, { name: 'ReportDimension' });
