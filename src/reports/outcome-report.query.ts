import type { Context } from '../context';
import { reportCells } from './cells.query';
import { dimensionValues, DIMENSIONS, groupColumns, type DimensionField, type GroupSource } from './dimensions';
import type { ReportDimension } from './enums';

/** What the report's SQL reads: the referrals created in [from, to] (days in `timeZone`) of the viewer's scope. */
export interface ReportSelection {
  from: string;
  to: string;
  timeZone: string;
  dimensions: ReportDimension[];
  /** The receiving organizations the viewer may report on; null for every one (admins). */
  organizationIds: string[] | null;
}

/** The counts a cell holds; each comes with the sum of its records' keys, for the perturbation (cell-key.ts). */
export const COUNTS = ['referrals', 'accepted', 'completed', 'successful', 'unsuccessful', 'uniqueClients'] as const;
export type CountName = (typeof COUNTS)[number];

/** One cell's raw figures, before suppression; `unsuccessful` and `timedOutcomes` feed the rate and median rules. */
export interface CellFigures extends Record<CountName, number>, Record<DimensionField, string | null> {
  timedOutcomes: number;
  medianDays: number | null;
  /** For each count, its cell key: the sum of the record keys of what it counts (referrals, or clients for uniqueClients) modulo 256. */
  keys: Record<CountName, number>;
}

/** Each count's SQL column; its cell key comes beside it as `<column>_key`. */
export const SQL_NAMES: Record<CountName, string> = {
  referrals: 'referrals',
  accepted: 'accepted',
  completed: 'completed',
  successful: 'successful',
  unsuccessful: 'unsuccessful',
  uniqueClients: 'unique_clients',
};

/** Which of a cell's referrals each referral count counts (null: all of them). */
const REFERRAL_FILTERS: Record<Exclude<CountName, 'uniqueClients'>, string | null> = {
  referrals: null,
  accepted: 'accepted',
  completed: 'completed',
  successful: 'outcome_successful',
  unsuccessful: 'NOT outcome_successful',
};

/**
 * Every figure is an aggregate over the scope's referrals; nothing row by row leaves the database.
 * Cell keys are sums of record keys, so they aggregate like the counts (taken modulo 256 here,
 * so that no sum outgrows an int). A client is counted, and its key added, at its first
 * referral in the cell, or for the totals in the whole scope: `first_in_cell` and
 * `first_in_scope` mark those referrals, so distinct clients and the sum of their keys need no
 * DISTINCT aggregate. `grouping` (0 for a cell) picks which mark applies.
 */
function figures(grouping: string): string {
  const counted = (filter: string | null, value: string) => {
    const where = filter ? ` FILTER (WHERE ${filter})` : '';
    return value === '*' ? `count(*)${where}` : `coalesce(sum(${value})${where}, 0)`;
  };
  const clients = (value: string) => `CASE WHEN ${grouping} = 0 THEN ${counted('first_in_cell', value)} ELSE ${counted('first_in_scope', value)} END`;
  const referralFigures = Object.entries(REFERRAL_FILTERS).flatMap(([name, filter]) => [
    `${counted(filter, '*')}::int AS ${SQL_NAMES[name as CountName]}`,
    `(${counted(filter, 'record_key')} % 256)::int AS ${SQL_NAMES[name as CountName]}_key`,
  ]);
  return [
    ...referralFigures,
    `(${clients('*')})::int AS ${SQL_NAMES.uniqueClients}`,
    `(${clients('client_key')} % 256)::int AS ${SQL_NAMES.uniqueClients}_key`,
    `count(days_to_outcome)::int AS timed_outcomes`,
    `percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_outcome) AS median_days`,
  ].join(',\n  ');
}

export const FIGURE_NAMES = [...COUNTS.flatMap((name) => [SQL_NAMES[name], `${SQL_NAMES[name]}_key`]), 'timed_outcomes'];

/** Where the outcome report's statement finds what it groups referrals `r` by (`created_day`: the creation day in the report's zone). */
const OUTCOME_SOURCE: GroupSource = {
  day: 'created_day',
  category: 'r.service_category',
  organizationId: 'r.receiving_organization_id',
  outcomeType: 'r.outcome_type',
};

/**
 * The report's cells and totals over the viewer's whole scope, in one statement. Filters on
 * categories or organizations never reach it: they choose rows after suppression (see the
 * service). reportCells gives the statement its shape: cells and totals from one scan, every
 * period of [from, to] with its rows, zeros where there were no referrals.
 * ENTERED_IN_ERROR referrals are mistakes, not referrals, and are left out. The statement is
 * assembled from the constants above and the dimensions table only; every value the caller
 * chose travels as a parameter.
 */
export async function outcomeCells(ctx: Context, selection: ReportSelection): Promise<{ cells: CellFigures[]; totals: CellFigures }> {
  const params: unknown[] = [selection.timeZone, selection.from, selection.to];
  const where = [
    `r.created_at >= ($2::date::timestamp AT TIME ZONE $1)`,
    `r.created_at < (($3::date + 1)::timestamp AT TIME ZONE $1)`,
    `r.status <> 'ENTERED_IN_ERROR'`,
  ];
  if (selection.organizationIds) {
    params.push(selection.organizationIds);
    where.push(`r.receiving_organization_id = ANY($${params.length}::uuid[])`);
  }
  const names = selection.dimensions.map((d) => DIMENSIONS[d].column);

  const base = `
    WITH base AS (
      SELECT ${[...groupColumns(selection.dimensions, OUTCOME_SOURCE), 'r.client_id', 'r.record_key', 'c.record_key AS client_key', 'accepted', 'completed', 'outcome_successful', 'days_to_outcome'].join(', ')}
      FROM referral r
      JOIN client c ON c.id = r.client_id
      CROSS JOIN LATERAL (SELECT (r.created_at AT TIME ZONE $1)::date AS created_day) d
      CROSS JOIN LATERAL (SELECT r.accepted_at IS NOT NULL AS accepted, r.status = 'COMPLETED' AS completed,
                                 (r.outcome_achieved_on - created_day)::float8 AS days_to_outcome) f
      WHERE ${where.join(' AND ')}
    ),
    marked AS (
      -- Client first: both windows then read one sort (the second's partitions are runs of the first's order).
      SELECT *, row_number() OVER (PARTITION BY ${['client_id', ...names].join(', ')}) = 1 AS first_in_cell,
                row_number() OVER (PARTITION BY client_id) = 1 AS first_in_scope
      FROM base
    )`;

  const { cells, totals } = await reportCells(ctx, {
    with: base,
    records: 'marked',
    params,
    from: '$2',
    to: '$3',
    dimensions: selection.dimensions,
    figures,
    counts: FIGURE_NAMES,
    others: ['median_days'],
  });
  return { cells: cells.map(toFigures), totals: toFigures(totals) };
}

export function toFigures(row: Record<string, unknown>): CellFigures {
  return {
    ...dimensionValues(row),
    ...(Object.fromEntries(COUNTS.map((name) => [name, Number(row[SQL_NAMES[name]])])) as Record<CountName, number>),
    keys: Object.fromEntries(COUNTS.map((name) => [name, Number(row[`${SQL_NAMES[name]}_key`])])) as Record<CountName, number>,
    timedOutcomes: Number(row.timed_outcomes),
    medianDays: row.median_days === null || row.median_days === undefined ? null : Number(row.median_days),
  };
}
