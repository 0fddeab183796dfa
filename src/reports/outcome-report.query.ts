import type { Context } from '../context';
import { ReportDimension } from './enums';

/** What the report's SQL selects: the referrals created in [from, to] (days in `timeZone`) that match. */
export interface ReportSelection {
  from: string;
  to: string;
  timeZone: string;
  dimensions: ReportDimension[];
  /** Receiving organizations; null for every one (admins). */
  organizationIds: string[] | null;
  categories: string[] | null;
}

/** One cell's raw figures, before suppression; `unsuccessful` and `timedOutcomes` feed the rate and median rules. */
export interface CellFigures {
  period: string | null;
  category: string | null;
  organizationId: string | null;
  outcomeType: string | null;
  referrals: number;
  accepted: number;
  completed: number;
  successful: number;
  unsuccessful: number;
  uniqueClients: number;
  timedOutcomes: number;
  medianDays: number | null;
}

interface Column {
  name: string;
  expression: string;
}

const PERIODS = {
  [ReportDimension.MONTH]: { label: `'YYYY-MM'`, unit: 'month', step: '1 month' },
  [ReportDimension.QUARTER]: { label: `'YYYY-"Q"Q'`, unit: 'quarter', step: '3 months' },
} as const;

const COLUMNS: Record<ReportDimension, Column> = {
  [ReportDimension.MONTH]: { name: 'period', expression: `to_char(created_day::timestamp, ${PERIODS.MONTH.label})` },
  [ReportDimension.QUARTER]: { name: 'period', expression: `to_char(created_day::timestamp, ${PERIODS.QUARTER.label})` },
  [ReportDimension.CATEGORY]: { name: 'category', expression: 'r.service_category' },
  [ReportDimension.ORGANIZATION]: { name: 'organization_id', expression: 'r.receiving_organization_id' },
  [ReportDimension.OUTCOME_TYPE]: { name: 'outcome_type', expression: 'r.outcome_type' },
};

// Every figure is an aggregate over the selected referrals; nothing row by row leaves the database.
const FIGURES = `
  count(*)::int AS referrals,
  count(*) FILTER (WHERE accepted)::int AS accepted,
  count(*) FILTER (WHERE completed)::int AS completed,
  count(*) FILTER (WHERE outcome_successful)::int AS successful,
  count(*) FILTER (WHERE NOT outcome_successful)::int AS unsuccessful,
  count(DISTINCT client_id)::int AS unique_clients,
  count(days_to_outcome)::int AS timed_outcomes,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_outcome) AS median_days`;

/** Rows come by period, category code, organization name, then outcome type with "no outcome yet" last. */
const ORDER: Record<string, string> = { organization_id: 'sort_name, organization_id', outcome_type: 'outcome_type NULLS LAST' };

const FIGURE_NAMES = ['referrals', 'accepted', 'completed', 'successful', 'unsuccessful', 'unique_clients', 'timed_outcomes'];

/**
 * The report's cells and totals in one statement. The cells and the totals come from one scan
 * through GROUPING SETS; with a period dimension every period of [from, to] is generated
 * (generate_series) and crossed with the other dimensions' values, so a period without
 * referrals still has its rows, with zeros. ENTERED_IN_ERROR referrals are mistakes, not
 * referrals, and are left out. The statement is assembled from the constants above only; every
 * value the caller chose travels as a parameter. It runs in a transaction of its own so that
 * its planner setting stays with it.
 */
export async function outcomeCells(ctx: Context, selection: ReportSelection): Promise<{ cells: CellFigures[]; totals: CellFigures }> {
  return ctx.transaction(async (tx) => {
    // JIT compiling this one large aggregate (inlining and optimizing its expressions) took
    // about 0.8 s of 2.4 s over a million referrals, more than it saved. A larger work_mem was
    // tried too and made it slower: the planner then gives up the parallel scan and sort.
    await tx.em.query('SET LOCAL jit = off');
    return aggregate(tx, selection);
  });
}

async function aggregate(ctx: Context, selection: ReportSelection): Promise<{ cells: CellFigures[]; totals: CellFigures }> {
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
  if (selection.categories) {
    params.push(selection.categories);
    where.push(`r.service_category = ANY($${params.length}::text[])`);
  }
  const columns = selection.dimensions.map((d) => COLUMNS[d]);
  const names = columns.map((c) => c.name);

  const base = `
    WITH base AS (
      SELECT ${[...columns.map((c) => `${c.expression} AS ${c.name}`), 'client_id', 'accepted', 'completed', 'outcome_successful', 'days_to_outcome'].join(', ')}
      FROM referral r
      CROSS JOIN LATERAL (SELECT (r.created_at AT TIME ZONE $1)::date AS created_day) d
      CROSS JOIN LATERAL (SELECT r.accepted_at IS NOT NULL AS accepted, r.status = 'COMPLETED' AS completed,
                                 (r.outcome_achieved_on - created_day)::float8 AS days_to_outcome) f
      WHERE ${where.join(' AND ')}
    )`;

  if (columns.length === 0) {
    const [totals] = await ctx.em.query(`${base} SELECT ${FIGURES} FROM base`, params);
    const figures = toFigures(totals);
    return { cells: [figures], totals: figures };
  }

  const period = selection.dimensions.map((d) => (d === ReportDimension.MONTH || d === ReportDimension.QUARTER ? PERIODS[d] : null)).find(Boolean);
  const others = names.filter((n) => n !== 'period');
  const cells = period
    ? `periods AS (
         SELECT to_char(p, ${period.label}) AS period
         FROM generate_series(date_trunc('${period.unit}', $2::date::timestamp), $3::date::timestamp, interval '${period.step}') p
       )${others.length ? `, combos AS (SELECT DISTINCT ${others.join(', ')} FROM agg WHERE grouping = 0)` : ''},
       cells AS (
         SELECT p.period${others.map((n) => `, c.${n}`).join('')},
                ${FIGURE_NAMES.map((n) => `coalesce(a.${n}, 0) AS ${n}`).join(', ')}, a.median_days
         FROM periods p ${others.length ? 'CROSS JOIN combos c' : ''}
         LEFT JOIN agg a ON a.grouping = 0 AND a.period = p.period${others.map((n) => ` AND a.${n} IS NOT DISTINCT FROM c.${n}`).join('')}
       )`
    : `cells AS (SELECT * FROM agg WHERE grouping = 0)`;

  const figures = [...FIGURE_NAMES, 'median_days'];
  const byOrganization = names.includes('organization_id');
  const order = names.map((n) => ORDER[n] ?? n);
  const rows: Record<string, unknown>[] = await ctx.em.query(
    `${base},
     agg AS (
       SELECT ${names.join(', ')}, GROUPING(${names.join(', ')}) AS grouping, ${FIGURES}
       FROM base GROUP BY GROUPING SETS ((${names.join(', ')}), ())
     ),
     ${cells}
     SELECT * FROM (
       SELECT ${[...names, ...figures].map((n) => `x.${n}`).join(', ')}, false AS total, ${byOrganization ? 'o.name' : 'NULL'} AS sort_name
       FROM cells x ${byOrganization ? 'LEFT JOIN organization o ON o.id = x.organization_id' : ''}
       UNION ALL
       SELECT ${names.map((n) => `NULL AS ${n}`).join(', ')}, ${figures.join(', ')}, true, NULL FROM agg WHERE grouping <> 0
     ) report
     ORDER BY total, ${order.join(', ')}`,
    params,
  );
  return { cells: rows.filter((r) => !r.total).map(toFigures), totals: toFigures(rows.find((r) => r.total)!) };
}

function toFigures(row: Record<string, unknown>): CellFigures {
  return {
    period: (row.period as string) ?? null,
    category: (row.category as string) ?? null,
    organizationId: (row.organization_id as string) ?? null,
    outcomeType: (row.outcome_type as string) ?? null,
    referrals: Number(row.referrals),
    accepted: Number(row.accepted),
    completed: Number(row.completed),
    successful: Number(row.successful),
    unsuccessful: Number(row.unsuccessful),
    uniqueClients: Number(row.unique_clients),
    timedOutcomes: Number(row.timed_outcomes),
    medianDays: row.median_days === null || row.median_days === undefined ? null : Number(row.median_days),
  };
}
