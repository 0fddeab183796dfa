import { OutcomeReportIndexes1764000004000 } from '../db/migrations/1764000004000-OutcomeReportIndexes';
import { ReportRecordKeys1764000005200 } from '../db/migrations/1764000005200-ReportRecordKeys';
import { OutcomeReportResolver } from './outcome-report.resolver';
import { outcomesCsvRoute } from './outcomes-csv.route';

export const entities: Function[] = [];
export const migrations: Function[] = [OutcomeReportIndexes1764000004000, ReportRecordKeys1764000005200];
export const resolvers: Function[] = [OutcomeReportResolver];
export const routes = [outcomesCsvRoute];
