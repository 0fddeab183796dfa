import type { Context } from '../context';
import { reportCells } from './cells.query';
import { DIMENSIONS, groupColumns, type GroupSource } from './dimensions';
import { ReportDimension } from './enums';
import { COUNTS, FIGURE_NAMES, SQL_NAMES, toFigures, type CellFigures, type ReportSelection } from './outcome-report.query';

/** What the rollups can group by: months (a period is a range of them), categories and outcome types; never organizations. */
const ROLLUP_SOURCE: GroupSource = { day: 'month', category: 'category', outcomeType: 'outcome_type' };

/** The referral counts, columns of outcome_rollup under the report's own names, each with its `_key` sum. */
const REFERRAL_COUNTS = COUNTS.filter((name) => name !== 'uniqueClients').map((name) => SQL_NAMES[name]);

/** outcome_rollup_clients' grain for the dimensions among category and outcome type that a report groups by. */
function grainOf(dimensions: ReportDimension[]): string {
  return [ReportDimension.CATEGORY, ReportDimension.OUTCOME_TYPE]
    .filter((d) => dimensions.includes(d))
    .map((d) => DIMENSIONS[d].column)
    .join(',');
}

/**
 * The outcome report's cells and totals from the rollups that PostgreSQL keeps beside the
 * referrals (the OutcomeRollup migration): the same figures, cell keys and medians as the
 * per-referral statement (outcomeCells), from a few thousand rows instead of every referral.
 * The rollups cover every organization, so they serve an admin's report that is not grouped by
 * organization; and they count months in one zone, so only a report in that zone. Otherwise
 * null, and the caller reads the referrals. The zone's row is read FOR SHARE, so that a rebuild
 * in another zone cannot start before the report has read.
 *
 * One statement:
 *  - counts and their key sums are sums of rollup rows, grouped like the referrals would be;
 *  - unique clients are sums of presence rows (see the migration): a client is counted in a
 *    cell at its first month there in the cell's period, the row whose previous month in the
 *    cell is before the period (a month's: any; a quarter's: before the quarter; the whole
 *    range's, and the totals': before `from`);
 *  - the median is percentile_cont's over the histogram of days: the mean of the values at
 *    positions floor((N-1)/2) and ceil((N-1)/2) counted from 0, where the value at position k is
 *    the first whose running count passes k.
 */
export async function rollupCells(ctx: Context, selection: ReportSelection): Promise<{ cells: CellFigures[]; totals: CellFigures } | null> {
  const { dimensions } = selection;
  if (selection.organizationIds !== null || dimensions.some((d) => DIMENSIONS[d].expression(ROLLUP_SOURCE) === undefined)) return null;

  return ctx.transaction(async (tx) => {
    const [built] = await tx.em.query(`SELECT time_zone FROM outcome_rollup_zone FOR SHARE`);
    if (built?.time_zone !== selection.timeZone) return null;

    // Rows are grouped by keys that compare fast (a period by its first day, texts byte by byte:
    // the rollups' texts are COLLATE "C"), and only the groups are labelled as the report shows them.
    const names = dimensions.map((d) => DIMENSIONS[d].column);
    const period = dimensions.map((d) => DIMENSIONS[d].period).find(Boolean);
    const columns = dimensions.map((d) => {
      const grain = DIMENSIONS[d].period;
      return grain ? `date_trunc('${grain.unit}', month)::date AS period` : DIMENSIONS[d].column;
    });
    const labels = groupColumns(dimensions, { day: 'period', category: 'category COLLATE "default"', outcomeType: 'outcome_type COLLATE "default"' });
    const periodStart = period ? 'period' : '$1::date';
    const inRange = `month BETWEEN $1::date AND $2::date`;
    // 0 for a cell, 1 for the totals, from every branch alike.
    const grouping = names.length ? `least(GROUPING(${names.join(', ')}), 1)` : '1';
    const groupedBy = (...more: string[]) => (names.length ? `GROUPING SETS ((${[...names, ...more].join(', ')}), (${more.join(', ')}))` : `(${more.join(', ')})`);
    const key = (sum: string) => `(coalesce(sum(${sum}), 0) % 256)::int`;
    const nulls = (n: string[]) => n.map((name) => (name === 'period' ? `NULL::date AS ${name}` : `NULL::text COLLATE "C" AS ${name}`));
    const figures = [...FIGURE_NAMES, 'median_days'];
    /** A branch of `agg`'s union: its dimension columns, `grouping`, the figures it has, typed nulls for the others. */
    const branch = (dims: string[], groupingValue: string, has: Record<string, string>) =>
      [...dims, `${groupingValue} AS grouping`, ...figures.map((f) => `${has[f] ?? `NULL::${f === 'median_days' ? 'float8' : 'int'}`} AS ${f}`)].join(', ');

    const counts = Object.fromEntries([
      ...REFERRAL_COUNTS.flatMap((name) => [
        [name, `coalesce(sum(${name}), 0)::int`],
        [`${name}_key`, key(`${name}_key`)],
      ]),
      ['timed_outcomes', 'coalesce(sum(timed_outcomes), 0)::int'],
    ]);
    const clients = { [SQL_NAMES.uniqueClients]: 'coalesce(sum(clients), 0)::int', [`${SQL_NAMES.uniqueClients}_key`]: key('client_key_sum') };
    const cellClients = names.length
      ? `SELECT ${branch(names, '0', clients)}
         FROM (SELECT ${[...columns, 'prev_month', 'clients', 'client_key_sum'].join(', ')} FROM outcome_rollup_clients
               WHERE grain = $3 AND ${inRange} AND clients > 0) c
         WHERE prev_month IS NULL OR prev_month < ${periodStart}
         GROUP BY ${names.join(', ')}
         UNION ALL`
      : '';

    const statement = `
      WITH counted AS (
        SELECT ${[...columns, ...Object.keys(counts)].join(', ')} FROM outcome_rollup WHERE ${inRange} AND referrals > 0
      ),
      histogram AS (
        SELECT ${[...names, `${grouping} AS grouping`].join(', ')}, days, sum(n) AS n
        FROM (SELECT ${[...columns, 'days', 'n'].join(', ')} FROM outcome_rollup_days WHERE ${inRange} AND n > 0) d
        GROUP BY ${groupedBy('days')}
      ),
      positions AS (
        SELECT *, sum(n) OVER (PARTITION BY ${['grouping', ...names].join(', ')} ORDER BY days) AS upto,
                  sum(n) OVER (PARTITION BY ${['grouping', ...names].join(', ')}) AS outcomes
        FROM histogram
      ),
      agg AS (
        SELECT ${[...labels, 'grouping', ...FIGURE_NAMES.map((f) => `coalesce(max(${f}), 0) AS ${f}`), 'max(median_days) AS median_days'].join(', ')}
        FROM (
          SELECT ${branch(names, grouping, counts)} FROM counted GROUP BY ${groupedBy()}
          UNION ALL
          ${cellClients}
          SELECT ${branch(nulls(names), '1', clients)}
          FROM outcome_rollup_clients WHERE grain = '' AND ${inRange} AND clients > 0 AND (prev_month IS NULL OR prev_month < $1::date)
          UNION ALL
          SELECT ${branch(names, 'grouping', {
            median_days: `((min(days) FILTER (WHERE upto > floor((outcomes - 1) / 2.0)) + min(days) FILTER (WHERE upto > ceil((outcomes - 1) / 2.0))) / 2.0)::float8`,
          })}
          FROM positions GROUP BY ${['grouping', ...names].join(', ')}
        ) figures
        GROUP BY ${['grouping', ...names].join(', ')}
      )`;

    const { cells, totals } = await reportCells(tx, {
      with: statement,
      grouped: true,
      // The grain ($3) is read only for cells, which a report without dimensions has none of.
      params: [selection.from, selection.to, ...(names.length ? [grainOf(dimensions)] : [])],
      from: '$1',
      to: '$2',
      dimensions,
      counts: FIGURE_NAMES,
      others: ['median_days'],
    });
    return { cells: cells.map(toFigures), totals: toFigures(totals) };
  });
}
