import { recoveryCapitalCsvRoute } from './recovery-capital-csv.route';
import { RecoveryCapitalReportResolver } from './recovery-capital-report.resolver';

/** The recovery capital report, registered apart from the rest of recovery work (module.ts). */
export const resolvers: Function[] = [RecoveryCapitalReportResolver];
export const routes = [recoveryCapitalCsvRoute];
