import type { Context } from '../context';
import { BadInput, Conflict } from '../common/errors';
import { recordAudit } from '../audit/audit.service';
import { findCaseloadClient } from '../clients/clients.service';
import { diff } from '../directory/change-records';
import type { SaveRecoveryPlanInput } from './inputs';
import { EMPTY_PLAN, givenValues, PLAN_FIELDS, type PlanValues } from './plan-rules';
import { RecoveryPlanChange, type PlanFieldValue } from './recovery-plan-change.entity';
import { RecoveryPlan } from './recovery-plan.entity';

/**
 * Creates the client's plan on the first call, then changes only the fields given; once the
 * plan exists, expectedVersion is required and a stale one is a CONFLICT that changes nothing.
 * Each changed field leaves a change row (before, after, version, who); a save that changes
 * nothing keeps the version.
 */
export async function saveRecoveryPlan(ctx: Context, input: SaveRecoveryPlanInput): Promise<RecoveryPlan> {
  const given = givenValues(input);
  return ctx.transaction(async (tx) => {
    // The client's row lock orders every writer of its plan (and a hand-off): the plan read
    // next is the latest committed, so no update is lost and a first plan is created once.
    const client = await findCaseloadClient(tx, input.clientId, { lock: true });
    const existing = await tx.em.findOneBy(RecoveryPlan, { clientId: client.id });
    if (existing) checkVersion(existing, input.expectedVersion);
    const plan = existing ?? tx.em.create(RecoveryPlan, { clientId: client.id, version: 0, ...EMPTY_PLAN });
    const before = valuesOf(plan);
    const changes = diff(before, { ...before, ...given }, PLAN_FIELDS);
    if (changes.length > 0 || !existing) {
      Object.assign(plan, given);
      plan.version += 1;
      plan.updatedById = tx.user.id;
      await tx.em.save(plan);
      if (changes.length > 0) {
        await tx.em.insert(
          RecoveryPlanChange,
          changes.map((c) => ({ planId: plan.id, version: plan.version, field: c.field, previousValue: c.previous as PlanFieldValue, newValue: c.next as PlanFieldValue, changedById: tx.user.id })),
        );
      }
    }
    await recordAudit(tx, {
      action: existing ? 'updateRecoveryPlan' : 'createRecoveryPlan',
      entityType: 'RecoveryPlan',
      entityId: plan.id,
      subjectOrganizationId: client.organizationId,
    });
    return plan;
  });
}

function checkVersion(plan: RecoveryPlan, expectedVersion: number | null | undefined): void {
  if (expectedVersion == null) throw BadInput.field('input.expectedVersion', `is required: the client has a plan (version ${plan.version})`);
  if (expectedVersion !== plan.version) {
    throw new Conflict(`The plan changed since version ${expectedVersion}; it is at version ${plan.version}.`, plan.version);
  }
}

/** The plan's fields as the input gives them: jsonb returns a contact's keys in its own order, and the diff compares JSON text. */
function valuesOf(plan: RecoveryPlan): PlanValues {
  const { triggers, warningSigns, copingStrategies, crisisPlan } = plan;
  const supportContacts = plan.supportContacts.map(({ name, relationship, phone }) => ({ name, relationship, phone }));
  return { triggers, warningSigns, copingStrategies, supportContacts, crisisPlan };
}
