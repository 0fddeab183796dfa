import { validate } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import type { Request } from 'express';
import type { Context } from '../context';
import { BadInput } from '../common/errors';
import type { RouteMount } from '../common/http';
import { organizationLoaders } from '../people/loaders';
import { DIMENSIONS, type DimensionValues } from './dimensions';
import type { ReportDimension } from './enums';
import type { ReportRequest } from './report-request';

/** What every report gives back, as far as its CSV needs. */
interface CsvReport<Row> {
  from: string;
  to: string;
  groupBy: ReportDimension[];
  maxPerturbation: number;
  rows: Row[];
}

/** One report's CSV route: its path, input, the service that answers it, and its figures' columns. */
export interface ReportCsv<Input extends ReportRequest, Row extends DimensionValues> {
  path: string;
  /** The attachment's name before `-<from>-<to>.csv`. */
  filename: string;
  Input: new () => Input;
  /** The input's list fields beside groupBy, null when not given. */
  lists: (keyof Input & string)[];
  run: (ctx: Context, input: Input) => Promise<CsvReport<Row>>;
  /** The row's figures, in their columns' order. */
  figures: readonly (keyof Row & string)[];
}

/** Repeated parameters (groupBy=MONTH&groupBy=CATEGORY) or comma-separated ones (groupBy=MONTH,CATEGORY). */
function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

/** The query parameters as the report's input, checked by the same rules as the GraphQL input; fields name the parameters. */
async function readInput<Input extends ReportRequest>(query: Request['query'], Input: new () => Input, lists: string[]): Promise<Input> {
  const input = Object.assign(new Input(), {
    from: typeof query.from === 'string' ? query.from : undefined,
    to: typeof query.to === 'string' ? query.to : undefined,
    groupBy: (list(query.groupBy) ?? []) as ReportDimension[],
    ...Object.fromEntries(lists.map((name) => [name, list(query[name]) ?? null])),
  });
  const errors = await validate(input, { forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new BadInput(errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message }))));
  }
  return input;
}

/** Every line says how far its counts may be shifted, so a spreadsheet of the CSV says it as the query does. */
const MAX_PERTURBATION = 'maxPerturbation';

/**
 * The query's rows and figures: one column per dimension (the organization by id and name),
 * then the figures, withheld ones empty, then the largest shift of the counts.
 */
function table<Row extends DimensionValues>(report: CsvReport<Row>, figures: readonly (keyof Row & string)[], organizationNames: Map<string, string>): unknown[][] {
  const columns = report.groupBy.flatMap((d) => DIMENSIONS[d].csv);
  const header = [...columns.map((c) => c.header), ...figures, MAX_PERTURBATION];
  const lines = report.rows.map((row) => [...columns.map((c) => c.value(row, organizationNames)), ...figures.map((f) => row[f]), report.maxPerturbation]);
  return [header, ...lines];
}

/** GET <path>: the report with the same inputs, access and errors as its GraphQL query. */
export function reportCsvRoute<Input extends ReportRequest, Row extends DimensionValues>(csv: ReportCsv<Input, Row>): RouteMount {
  return (app, authenticate) => {
    app.get(csv.path, authenticate, async (req, res, next) => {
      try {
        const ctx = req.context!;
        const report = await csv.run(ctx, await readInput(req.query, csv.Input, csv.lists));
        const ids = [...new Set(report.rows.flatMap((r) => (r.organizationId ? [r.organizationId] : [])))];
        const organizations = await ctx.load(organizationLoaders).byId.loadMany(ids);
        const names = new Map(organizations.flatMap((o) => (o && !(o instanceof Error) ? [[o.id, o.name] as [string, string]] : [])));
        // escape_formulas: a cell starting with = + - @ (or tab, CR) gets a leading quote, so a spreadsheet shows it as text.
        const text = stringify(table(report, csv.figures, names), { escape_formulas: true, cast: { boolean: (b) => String(b) } });
        res
          .status(200)
          .type('text/csv; charset=utf-8')
          .setHeader('Content-Disposition', `attachment; filename="${csv.filename}-${report.from}-${report.to}.csv"`)
          .send(text);
      } catch (error) {
        next(error);
      }
    });
  };
}
