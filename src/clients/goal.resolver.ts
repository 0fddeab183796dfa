import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { Goal } from './goal.entity';
import { createGoal, updateGoal } from './goals.service';
import { CreateGoalInput, UpdateGoalInput } from './inputs';
import { GoalPayload } from './payloads';

@Resolver(() => Goal)
export class GoalResolver {
  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => GoalPayload)
  async createGoal(@Ctx() ctx: Context, @Arg('input') input: CreateGoalInput) {
    return { goal: await createGoal(ctx, input) };
  }

  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => GoalPayload)
  async updateGoal(@Ctx() ctx: Context, @Arg('input') input: UpdateGoalInput) {
    return { goal: await updateGoal(ctx, input) };
  }
}
