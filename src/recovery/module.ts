import type { RouteMount } from '../common/http';
import { AssessmentResolver } from './assessment.resolver';
import { ClientRecoveryResolver } from './client-recovery.resolver';
import { HandoffResolver } from './handoff.resolver';
import { RecoveryPlanChangeResolver, RecoveryPlanResolver } from './recovery-plan.resolver';

export const resolvers: Function[] = [ClientRecoveryResolver, RecoveryPlanResolver, RecoveryPlanChangeResolver, AssessmentResolver, HandoffResolver];
export const routes: RouteMount[] = [];
