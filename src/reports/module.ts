import { OutcomeReportResolver } from './outcome-report.resolver';
import { outcomesCsvRoute } from './outcomes-csv.route';

export const resolvers: Function[] = [OutcomeReportResolver];
export const routes = [outcomesCsvRoute];
