import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { userLoaders } from '../people/loaders';
import { User } from '../people/user.entity';
import { SaveRecoveryPlanInput } from './inputs';
import { recoveryLoaders } from './loaders';
import { RecoveryPlanPayload } from './payloads';
import { RecoveryPlanChange } from './recovery-plan-change.entity';
import { RecoveryPlan } from './recovery-plan.entity';
import { saveRecoveryPlan } from './recovery-plans.service';

@Resolver(() => RecoveryPlan)
export class RecoveryPlanResolver {
  // Coach side only: a role that may never do this is FORBIDDEN (whatever the client), a coach or supervisor out of reach NOT_FOUND.
  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => RecoveryPlanPayload, { description: "The client's coach and supervisors of its organization." })
  async saveRecoveryPlan(@Ctx() ctx: Context, @Arg('input') input: SaveRecoveryPlanInput) {
    return { recoveryPlan: await saveRecoveryPlan(ctx, input) };
  }

  @FieldResolver(() => User)
  updatedBy(@Root() plan: RecoveryPlan, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(plan.updatedById);
  }

  @FieldResolver(() => [RecoveryPlanChange], { description: 'Every change to a field of the plan, oldest first.' })
  changes(@Root() plan: RecoveryPlan, @Ctx() ctx: Context) {
    return ctx.load(recoveryLoaders).changesByPlan.load(plan.id);
  }
}

@Resolver(() => RecoveryPlanChange)
export class RecoveryPlanChangeResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The value before, as JSON text (a list, or the crisis plan\'s text); null for no crisis plan.' })
  previousValue(@Root() change: RecoveryPlanChange) {
    return asJson(change.previousValue);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The value after, as JSON text; null when the crisis plan was cleared.' })
  newValue(@Root() change: RecoveryPlanChange) {
    return asJson(change.newValue);
  }

  @FieldResolver(() => User)
  changedBy(@Root() change: RecoveryPlanChange, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(change.changedById);
  }
}

function asJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
