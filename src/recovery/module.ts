import type { RouteMount } from '../common/http';
import { AssessmentResolver } from './assessment.resolver';
import { ClientRecoveryResolver } from './client-recovery.resolver';
import { HandoffResolver } from './handoff.resolver';
import { recoveryCapitalCsvRoute } from './recovery-capital-csv.route';
import { RecoveryCapitalReportResolver } from './recovery-capital-report.resolver';
import { RecoveryPlanChangeResolver, RecoveryPlanResolver } from './recovery-plan.resolver';

export const resolvers: Function[] = [
  ClientRecoveryResolver,
  RecoveryPlanResolver,
  RecoveryPlanChangeResolver,
  AssessmentResolver,
  HandoffResolver,
  RecoveryCapitalReportResolver,
];
/** The recovery capital report's CSV, beside the outcome report's. */
export const routes: RouteMount[] = [recoveryCapitalCsvRoute];
