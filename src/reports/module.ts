import { OutcomeReportResolver } from './outcome-report.resolver';
import { outcomesCsvRoute } from './outcomes-csv.route';

export const entities: Function[] = [];
export const migrations: Function[] = [];
export const resolvers: Function[] = [OutcomeReportResolver];
export const routes = [outcomesCsvRoute];
