import { validate } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import type { Request } from 'express';
import { BadInput } from '../common/errors';
import { organizationLoaders } from '../people/loaders';
import type { RouteMount } from '../common/http';
import type { ReportDimension } from './enums';
import { OutcomeReportInput } from './inputs';
import { outcomeReport } from './outcome-report.service';
import type { OutcomeReport } from './types';
import { DIMENSIONS } from './dimensions';

/** Repeated parameters (groupBy=MONTH&groupBy=CATEGORY) or comma-separated ones (groupBy=MONTH,CATEGORY). */
function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

/** The query parameters as an OutcomeReportInput, checked by the same rules as the GraphQL input; fields name the parameters. */
async function readInput(query: Request['query']): Promise<OutcomeReportInput> {
  const input = Object.assign(new OutcomeReportInput(), {
    from: typeof query.from === 'string' ? query.from : undefined,
    to: typeof query.to === 'string' ? query.to : undefined,
    groupBy: (list(query.groupBy) ?? []) as ReportDimension[],
    categories: list(query.categories) ?? null,
    organizationIds: list(query.organizationIds) ?? null,
  });
  const errors = await validate(input, { forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new BadInput(errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message }))));
  }
  return input;
}

const FIGURES = ['referrals', 'accepted', 'completed', 'successful', 'successRate', 'medianDaysToOutcome', 'uniqueClients', 'suppressed'] as const;
/** Every line says how far its counts may be shifted, so a spreadsheet of the CSV says it as the query does. */
const MAX_PERTURBATION = 'maxPerturbation';

/**
 * The query's rows and figures: one column per dimension (the organization by id and name),
 * then the figures, withheld ones empty, then the largest shift of the counts.
 */
function table(report: OutcomeReport, organizationNames: Map<string, string>): unknown[][] {
  const columns = report.groupBy.flatMap((d) => DIMENSIONS[d].csv);
  const header = [...columns.map((c) => c.header), ...FIGURES, MAX_PERTURBATION];
  const lines = report.rows.map((row) => [...columns.map((c) => c.value(row, organizationNames)), ...FIGURES.map((f) => row[f]), report.maxPerturbation]);
  return [header, ...lines];
}

/** GET /reports/outcomes.csv: the outcome report with the same inputs, access and errors as the GraphQL query. */
export const outcomesCsvRoute: RouteMount = (app, authenticate) => {
  app.get('/reports/outcomes.csv', authenticate, async (req, res, next) => {
    try {
      const ctx = req.context!;
      const report = await outcomeReport(ctx, await readInput(req.query), 'csv');
      const ids = [...new Set(report.rows.flatMap((r) => (r.organizationId ? [r.organizationId] : [])))];
      const organizations = await ctx.load(organizationLoaders).byId.loadMany(ids);
      const names = new Map(organizations.flatMap((o) => (o && !(o instanceof Error) ? [[o.id, o.name] as [string, string]] : [])));
      // escape_formulas: a cell starting with = + - @ (or tab, CR) gets a leading quote, so a spreadsheet shows it as text.
      const csv = stringify(table(report, names), { escape_formulas: true, cast: { boolean: (b) => String(b) } });
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="outcomes-${report.from}-${report.to}.csv"`)
        .send(csv);
    } catch (error) {
      next(error);
    }
  });
};
