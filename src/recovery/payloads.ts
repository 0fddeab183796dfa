import { Field, ObjectType } from 'type-graphql';
import { RecoveryCapitalAssessment } from './assessment.entity';
import { RecoveryPlan } from './recovery-plan.entity';

@ObjectType()
export class RecoveryPlanPayload {
  @Field(() => RecoveryPlan) recoveryPlan: RecoveryPlan;
}

@ObjectType()
export class AssessmentPayload {
  @Field(() => RecoveryCapitalAssessment) assessment: RecoveryCapitalAssessment;
}
