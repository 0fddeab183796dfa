import { ReportDimension } from './enums';

/** The field of a report row, and of a cell's figures, that holds a dimension's value (MONTH and QUARTER share `period`). */
export type DimensionField = 'period' | 'category' | 'organizationId' | 'outcomeType';

/** A period grain: the label of its periods (a to_char format), the date_trunc unit and the step between periods. */
export interface PeriodGrain {
  label: string;
  unit: 'month' | 'quarter';
  step: string;
}

/** A report row's dimension values, whichever report it belongs to. */
export type DimensionValues = Partial<Record<DimensionField, string | null>>;

export interface CsvColumn {
  header: string;
  value: (row: DimensionValues, organizationNames: Map<string, string>) => unknown;
}

/**
 * Where a report's statement finds what its records are grouped by: the day that places a
 * record in a period, and the column of each other dimension the report offers. A report offers
 * the dimensions its source names (offeredDimensions); the outcome report names them all.
 */
export interface GroupSource {
  day: string;
  category?: string;
  organizationId?: string;
  outcomeType?: string;
}

/** Everything the report says about one dimension, from the SQL that groups by it to its CSV columns. */
export interface Dimension {
  field: DimensionField;
  /** The column of the report's statement that holds it. */
  column: string;
  /** What groups a record under it in a report's statement; undefined where the report does not offer it. */
  expression: (source: GroupSource) => string | undefined;
  /** How the report orders its rows by it. */
  order: string;
  /** For the period dimensions: their grain. */
  period: PeriodGrain | null;
  /** Its columns in the CSV, in order. */
  csv: CsvColumn[];
}

const PERIOD_CSV: CsvColumn[] = [{ header: 'period', value: (r) => r.period }];

function byPeriod(period: PeriodGrain): Dimension {
  return { field: 'period', column: 'period', expression: (source) => `to_char(${source.day}::timestamp, ${period.label})`, order: 'period', period, csv: PERIOD_CSV };
}

/** The reports' dimensions; rows come by period, category code, organization name, then outcome type with "no outcome yet" last. */
export const DIMENSIONS: Record<ReportDimension, Dimension> = {
  [ReportDimension.MONTH]: byPeriod({ label: `'YYYY-MM'`, unit: 'month', step: '1 month' }),
  [ReportDimension.QUARTER]: byPeriod({ label: `'YYYY-"Q"Q'`, unit: 'quarter', step: '3 months' }),
  [ReportDimension.CATEGORY]: {
    field: 'category',
    column: 'category',
    expression: (source) => source.category,
    order: 'category',
    period: null,
    csv: [{ header: 'category', value: (r) => r.category }],
  },
  [ReportDimension.ORGANIZATION]: {
    field: 'organizationId',
    column: 'organization_id',
    expression: (source) => source.organizationId,
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
    expression: (source) => source.outcomeType,
    order: 'outcome_type NULLS LAST',
    period: null,
    csv: [{ header: 'outcomeType', value: (r) => r.outcomeType }],
  },
};

export const PERIOD_DIMENSIONS = Object.values(ReportDimension).filter((d) => DIMENSIONS[d].period);

/** Each field once, with its statement column. */
const DIMENSION_FIELDS: { field: DimensionField; column: string }[] = [
  ...new Map(Object.values(DIMENSIONS).map((d) => [d.field, { field: d.field, column: d.column }])).values(),
];

/**
 * Every dimension field's value, read from a statement's row by its column or, with
 * `by: 'field'`, from a cell that already holds it by field; null where it has none.
 */
export function dimensionValues(row: object, by: 'column' | 'field' = 'column'): Record<DimensionField, string | null> {
  const values = row as Record<string, string | null | undefined>;
  return Object.fromEntries(DIMENSION_FIELDS.map((d) => [d.field, values[d[by]] ?? null])) as Record<DimensionField, string | null>;
}

/** The dimensions a report whose statement reads `source` may group by, in the enum's order. */
export function offeredDimensions(source: GroupSource): ReportDimension[] {
  return Object.values(ReportDimension).filter((d) => DIMENSIONS[d].expression(source) !== undefined);
}

/** The select items that group a report's records by `dimensions`, each named by its dimension's column. */
export function groupColumns(dimensions: ReportDimension[], source: GroupSource): string[] {
  return dimensions.map((d) => `${DIMENSIONS[d].expression(source)} AS ${DIMENSIONS[d].column}`);
}
