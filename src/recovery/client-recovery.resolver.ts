import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Client } from '../clients/client.entity';
import { RecoveryCapitalAssessment } from './assessment.entity';
import { Handoff } from '../clients/handoff.entity';
import { RecoveryPlan } from './recovery-plan.entity';
import { assessmentsOf, handoffsOf, recoveryPlanOf } from './recovery-view';

/** A client's recovery records, on the Client type. */
@Resolver(() => Client)
export class ClientRecoveryResolver {
  @FieldResolver(() => RecoveryPlan, { nullable: true, description: 'Coach side only (the assigned coach, supervisors of the organization).' })
  recoveryPlan(@Root() client: Client, @Ctx() ctx: Context) {
    return recoveryPlanOf(ctx, client);
  }

  @FieldResolver(() => [RecoveryCapitalAssessment], { description: 'Oldest first. Coach side only.' })
  assessments(@Root() client: Client, @Ctx() ctx: Context) {
    return assessmentsOf(ctx, client);
  }

  @FieldResolver(() => [Handoff], { description: 'Oldest first. Coach side only.' })
  handoffs(@Root() client: Client, @Ctx() ctx: Context) {
    return handoffsOf(ctx, client);
  }
}
