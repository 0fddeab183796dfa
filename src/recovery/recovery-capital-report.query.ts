import type { Context } from '../context';
import { reportCells, type FigureRow } from '../reports/cells.query';
import { dimensionValues, groupColumns, type DimensionField, type GroupSource } from '../reports/dimensions';
import type { ReportDimension } from '../reports/enums';

/** What the report's SQL reads: clients whose first assessment falls in [from, to] of the viewer's scope. */
export interface RecoveryCapitalSelection {
  from: string;
  to: string;
  dimensions: ReportDimension[];
  /** The clients' organizations the viewer may report on; null for every one (admins). */
  organizationIds: string[] | null;
}

/** The counts a cell holds; each comes with the sum of its clients' record keys, for the perturbation (cell-key.ts). */
const RECOVERY_COUNTS = ['clients', 'improved'] as const;
export type RecoveryCountName = (typeof RECOVERY_COUNTS)[number];

/** One cell's raw figures, before suppression. */
export interface RecoveryCapitalCell extends Record<RecoveryCountName, number>, Record<DimensionField, string | null> {
  /** The exact sum of the cell's clients' changes (latest total - first total). */
  changeSum: number;
  keys: Record<RecoveryCountName, number>;
}

/** A client is grouped by the day of its first assessment and by its own organization; the report offers nothing else. */
export const RECOVERY_SOURCE: GroupSource = { day: 'first_taken_on', organizationId: 'organization_id' };

/** A cell's figures over its clients, one row each; the cell keys are sums of their record keys modulo 256 (cell-key.ts). */
function figures(): string {
  return [
    'count(*)::int AS clients',
    '(coalesce(sum(client_key), 0) % 256)::int AS clients_key',
    'count(*) FILTER (WHERE change > 0)::int AS improved',
    '(coalesce(sum(client_key) FILTER (WHERE change > 0), 0) % 256)::int AS improved_key',
    'coalesce(sum(change), 0)::int AS change_sum',
  ].join(', ');
}

const FIGURE_NAMES = ['clients', 'clients_key', 'improved', 'improved_key', 'change_sum'];

/**
 * The report's cells and totals over the viewer's whole scope, in one statement (reportCells
 * gives it the outcome report's shape). Each client's first and latest assessment, in the
 * order Client.assessments has them (taken_on, created_at, id), are kept by PostgreSQL in
 * recovery_capital_summary (RecoveryCapitalSummary), so the statement is one index-only scan
 * over the clients with two or more assessments whose first falls in [from, to]. `taken_on`
 * is already a day, as the coach gave it, so [from, to] compares days without a time zone.
 */
export async function recoveryCapitalCells(ctx: Context, selection: RecoveryCapitalSelection): Promise<{ cells: RecoveryCapitalCell[]; totals: RecoveryCapitalCell }> {
  const params: unknown[] = [selection.from, selection.to];
  const where = ['assessments >= 2', 'first_taken_on BETWEEN $1::date AND $2::date'];
  if (selection.organizationIds) {
    params.push(selection.organizationIds);
    where.push(`organization_id = ANY($${params.length}::uuid[])`);
  }
  const statement = `
    WITH changes AS (
      SELECT ${[...groupColumns(selection.dimensions, RECOVERY_SOURCE), 'client_key', 'latest_total - first_total AS change'].join(', ')}
      FROM recovery_capital_summary
      WHERE ${where.join(' AND ')}
    )`;
  const { cells, totals } = await reportCells(ctx, {
    with: statement,
    records: 'changes',
    params,
    from: '$1',
    to: '$2',
    dimensions: selection.dimensions,
    figures,
    counts: FIGURE_NAMES,
    others: [],
  });
  return { cells: cells.map(toCell), totals: toCell(totals) };
}

function toCell(row: FigureRow): RecoveryCapitalCell {
  return {
    ...dimensionValues(row),
    clients: Number(row.clients),
    improved: Number(row.improved),
    changeSum: Number(row.change_sum),
    keys: { clients: Number(row.clients_key), improved: Number(row.improved_key) },
  };
}
