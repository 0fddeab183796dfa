import type { Context } from '../context';
import { DIMENSIONS } from './dimensions';
import { ReportDimension } from './enums';

/**
 * One report's statement, as the parts that differ between reports; reportCells puts them
 * around the shape every report shares.
 */
interface StatementParts {
  params: unknown[];
  /** The period's first and last day, as parameter references (`$2`), for the generated periods. */
  from: string;
  to: string;
  dimensions: ReportDimension[];
  /** The figures that are 0 in a cell without records. */
  counts: string[];
  /** The figures that are null in a cell without records (medians, say). */
  others: string[];
}

/** A statement over records, which reportCells groups into the cells and the totals. */
export interface RecordsStatement extends StatementParts {
  /** The WITH clause that reads the report's records: one row per record, with a column per dimension (groupColumns). */
  with: string;
  /** The CTE of `with` whose rows are the records. */
  records: string;
  /** A group of records' figures as select items; `grouping` is an SQL expression, 0 for a cell and non-zero for the totals. */
  figures: (grouping: string) => string;
}

/**
 * A statement whose WITH clause groups the figures itself, in a CTE named `agg`: a row per cell
 * that has records (a column per dimension, `grouping` 0) and the totals' row (`grouping`
 * non-zero, the only row without dimensions), each with the figures of `counts` and `others`.
 */
export interface GroupedStatement extends StatementParts {
  with: string;
  grouped: true;
}

export type CellsStatement = RecordsStatement | GroupedStatement;

export type FigureRow = Record<string, unknown>;

/**
 * The report's cells and totals over the viewer's whole scope, in one statement. The cells and
 * the totals come from one scan through GROUPING SETS; with a period dimension every period of
 * [from, to] is generated (generate_series) and crossed with the other dimensions' values, so
 * a period without records still has its rows, with zeros. Rows come in the dimensions' order
 * (organizations by name). Without dimensions the totals are the only cell. It runs in the
 * caller's transaction (or one of its own) so that its planner setting stays with it.
 */
export async function reportCells(ctx: Context, statement: CellsStatement): Promise<{ cells: FigureRow[]; totals: FigureRow }> {
  return ctx.transaction(async (tx) => {
    // JIT compiling a report's large aggregate (inlining and optimizing its expressions) took
    // about 0.8 s of 2.4 s over a million referrals, more than it saved. A larger work_mem was
    // tried too and made it slower: the planner then gives up the parallel scan and sort.
    await tx.em.query('SET LOCAL jit = off');
    return cellsAndTotals(tx, statement);
  });
}

async function cellsAndTotals({ em }: Context, statement: CellsStatement): Promise<{ cells: FigureRow[]; totals: FigureRow }> {
  const { params } = statement;
  const columns = statement.dimensions.map((d) => DIMENSIONS[d]);
  const names = columns.map((c) => c.column);

  if (columns.length === 0) {
    const [totals] = await em.query(`${statement.with} ${'grouped' in statement ? 'SELECT * FROM agg' : `SELECT ${statement.figures('1')} FROM ${statement.records}`}`, params);
    return { cells: [totals], totals };
  }

  const period = columns.map((c) => c.period).find(Boolean);
  const others = columns.filter((c) => !c.period).map((c) => c.column);
  const cells = period
    ? `periods AS (
         SELECT to_char(p, ${period.label}) AS period
         FROM generate_series(date_trunc('${period.unit}', ${statement.from}::date::timestamp), ${statement.to}::date::timestamp, interval '${period.step}') p
       )${others.length ? `, combos AS (SELECT DISTINCT ${others.join(', ')} FROM agg WHERE grouping = 0)` : ''},
       cells AS (
         SELECT p.period${others.map((n) => `, c.${n}`).join('')},
                ${[...statement.counts.map((n) => `coalesce(a.${n}, 0) AS ${n}`), ...statement.others.map((n) => `a.${n}`)].join(', ')}
         FROM periods p ${others.length ? 'CROSS JOIN combos c' : ''}
         LEFT JOIN agg a ON a.grouping = 0 AND a.period = p.period${others.map((n) => ` AND a.${n} IS NOT DISTINCT FROM c.${n}`).join('')}
       )`
    : `cells AS (SELECT * FROM agg WHERE grouping = 0)`;

  const selected = [...statement.counts, ...statement.others];
  const byOrganization = statement.dimensions.includes(ReportDimension.ORGANIZATION);
  const grouping = `GROUPING(${names.join(', ')})`;
  const agg =
    'grouped' in statement
      ? ''
      : `agg AS (
           SELECT ${names.join(', ')}, ${grouping} AS grouping, ${statement.figures(grouping)}
           FROM ${statement.records} GROUP BY GROUPING SETS ((${names.join(', ')}), ())
         ),`;
  const rows: FigureRow[] = await em.query(
    `${statement.with},
     ${agg}
     ${cells}
     SELECT * FROM (
       SELECT ${[...names, ...selected].map((n) => `x.${n}`).join(', ')}, false AS total, ${byOrganization ? 'o.name' : 'NULL'} AS sort_name
       FROM cells x ${byOrganization ? `LEFT JOIN organization o ON o.id = x.${DIMENSIONS.ORGANIZATION.column}` : ''}
       UNION ALL
       SELECT ${names.map((n) => `NULL AS ${n}`).join(', ')}, ${selected.join(', ')}, true, NULL FROM agg WHERE grouping <> 0
     ) report
     ORDER BY total, ${columns.map((c) => c.order).join(', ')}`,
    params,
  );
  return { cells: rows.filter((r) => !r.total), totals: rows.find((r) => r.total)! };
}
