import { ReportDimension } from './enums';
import type { OutcomeReportRow } from './types';

/** The field of a report row, and of a cell's figures, that holds a dimension's value (MONTH and QUARTER share `period`). */
export type DimensionField = 'period' | 'category' | 'organizationId' | 'outcomeType';

/** A period grain: the label of its periods (a to_char format), the date_trunc unit and the step between periods. */
export interface PeriodGrain {
  label: string;
  unit: 'month' | 'quarter';
  step: string;
}

export interface CsvColumn {
  header: string;
  value: (row: OutcomeReportRow, organizationNames: Map<string, string>) => unknown;
}

/** Everything the report says about one dimension, from the SQL that groups by it to its CSV columns. */
export interface Dimension {
  field: DimensionField;
  /** The column of the report's statement that holds it. */
  column: string;
  /** What groups a referral `r` under it (`created_day` is its creation day in the report's zone). */
  expression: string;
  /** How the report orders its rows by it. */
  order: string;
  /** For the period dimensions: their grain. */
  period: PeriodGrain | null;
  /** Its columns in the CSV, in order. */
  csv: CsvColumn[];
}

const PERIOD_CSV: CsvColumn[] = [{ header: 'period', value: (r) => r.period }];

function byPeriod(period: PeriodGrain): Dimension {
  return { field: 'period', column: 'period', expression: `to_char(created_day::timestamp, ${period.label})`, order: 'period', period, csv: PERIOD_CSV };
}

/** The report's dimensions; rows come by period, category code, organization name, then outcome type with "no outcome yet" last. */
export const DIMENSIONS: Record<ReportDimension, Dimension> = {
  [ReportDimension.MONTH]: byPeriod({ label: `'YYYY-MM'`, unit: 'month', step: '1 month' }),
  [ReportDimension.QUARTER]: byPeriod({ label: `'YYYY-"Q"Q'`, unit: 'quarter', step: '3 months' }),
  [ReportDimension.CATEGORY]: {
    field: 'category',
    column: 'category',
    expression: 'r.service_category',
    order: 'category',
    period: null,
    csv: [{ header: 'category', value: (r) => r.category }],
  },
  [ReportDimension.ORGANIZATION]: {
    field: 'organizationId',
    column: 'organization_id',
    expression: 'r.receiving_organization_id',
    // sort_name: the organization's name, joined in by the report's statement.
    order: 'sort_name, organization_id',
    period: null,
    csv: [
      { header: 'organizationId', value: (r) => r.organizationId },
      { header: 'organization', value: (r, names) => names.get(r.organizationId ?? '') },
    ],
  },
  [ReportDimension.OUTCOME_TYPE]: {
    field: 'outcomeType',
    column: 'outcome_type',
    expression: 'r.outcome_type',
    order: 'outcome_type NULLS LAST',
    period: null,
    csv: [{ header: 'outcomeType', value: (r) => r.outcomeType }],
  },
};

export const PERIOD_DIMENSIONS = Object.values(ReportDimension).filter((d) => DIMENSIONS[d].period);

/** Each field once, with its statement column. */
export const DIMENSION_FIELDS: { field: DimensionField; column: string }[] = [
  ...new Map(Object.values(DIMENSIONS).map((d) => [d.field, { field: d.field, column: d.column }])).values(),
];
