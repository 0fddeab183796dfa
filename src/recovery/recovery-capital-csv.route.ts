import { reportCsvRoute } from '../reports/report-csv';
import { RecoveryCapitalReportInput } from './recovery-capital-report.inputs';
import { recoveryCapitalReport } from './recovery-capital-report.service';
import type { RecoveryCapitalRow } from './recovery-capital-report.types';

/** GET /reports/recovery-capital.csv: the recovery capital report with the same inputs, access and errors as the GraphQL query. */
export const recoveryCapitalCsvRoute = reportCsvRoute<RecoveryCapitalReportInput, RecoveryCapitalRow>({
  path: '/reports/recovery-capital.csv',
  filename: 'recovery-capital',
  Input: RecoveryCapitalReportInput,
  lists: ['organizationIds'],
  run: (ctx, input) => recoveryCapitalReport(ctx, input, 'csv'),
  figures: ['clients', 'meanChange', 'improved', 'suppressed'],
});
