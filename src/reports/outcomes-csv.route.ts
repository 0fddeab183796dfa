import { OutcomeReportInput } from './inputs';
import { outcomeReport } from './outcome-report.service';
import { reportCsvRoute } from './report-csv';
import type { OutcomeReportRow } from './types';

/** GET /reports/outcomes.csv: the outcome report with the same inputs, access and errors as the GraphQL query. */
export const outcomesCsvRoute = reportCsvRoute<OutcomeReportInput, OutcomeReportRow>({
  path: '/reports/outcomes.csv',
  filename: 'outcomes',
  Input: OutcomeReportInput,
  lists: ['categories', 'organizationIds'],
  run: (ctx, input) => outcomeReport(ctx, input, 'csv'),
  figures: ['referrals', 'accepted', 'completed', 'successful', 'successRate', 'medianDaysToOutcome', 'uniqueClients', 'suppressed'],
});
