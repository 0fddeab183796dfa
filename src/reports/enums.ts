import { registerEnumType } from 'type-graphql';

/** What the outcome report's rows are grouped by; MONTH and QUARTER are the two period grains. */
export enum ReportDimension {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  CATEGORY = 'CATEGORY',
  ORGANIZATION = 'ORGANIZATION',
  OUTCOME_TYPE = 'OUTCOME_TYPE',
}

registerEnumType(ReportDimension, { name: 'ReportDimension' });

export const PERIOD_DIMENSIONS = [ReportDimension.MONTH, ReportDimension.QUARTER];
