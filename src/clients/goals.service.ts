import type { Context } from '../context';
import { BadInput, NotFound } from '../common/errors';
import { dayIn } from '../common/time';
import { recordAudit } from '../audit/audit.service';
import { findCaseloadClient } from './clients.service';
import { GoalStatus } from './enums';
import { Goal } from './goal.entity';
import type { CreateGoalInput, UpdateGoalInput } from './inputs';

export async function createGoal(ctx: Context, input: CreateGoalInput) {
  return ctx.transaction(async (tx) => {
    const client = await findCaseloadClient(tx, input.clientId);
    const description = input.description.trim();
    if (!description) throw BadInput.field('input.description', 'must not be blank');
    const goal = await tx.em.save(
      tx.em.create(Goal, {
        clientId: client.id,
        domain: input.domain,
        description,
        status: GoalStatus.ACTIVE,
        targetDate: input.targetDate ?? null,
        achievedOn: null,
      }),
    );
    await recordAudit(tx, { action: 'createGoal', entityType: 'Goal', entityId: goal.id, subjectOrganizationId: client.organizationId });
    return goal;
  });
}

/**
 * An omitted field stays; a null targetDate clears it. Becoming ACHIEVED stamps achievedOn
 * with today in DEFAULT_TIME_ZONE (kept while it stays ACHIEVED); leaving ACHIEVED clears it.
 */
export async function updateGoal(ctx: Context, input: UpdateGoalInput) {
  return ctx.transaction(async (tx) => {
    const goal = await tx.em.findOne(Goal, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
    if (!goal) throw new NotFound('Goal', input.id);
    const client = await findCaseloadClient(tx, goal.clientId, { notFound: new NotFound('Goal', input.id) });

    if (input.description !== undefined) {
      const description = input.description?.trim();
      if (!description) throw BadInput.field('input.description', 'cannot be cleared');
      goal.description = description;
    }
    if (input.status === null) throw BadInput.field('input.status', 'cannot be cleared');
    if (input.status !== undefined && input.status !== goal.status) {
      goal.status = input.status;
      goal.achievedOn = input.status === GoalStatus.ACHIEVED ? dayIn(tx.config.defaultTimeZone) : null;
    }
    if (input.targetDate !== undefined) goal.targetDate = input.targetDate;
    await tx.em.save(goal);
    await recordAudit(tx, { action: 'updateGoal', entityType: 'Goal', entityId: goal.id, subjectOrganizationId: client.organizationId });
    return goal;
  });
}
