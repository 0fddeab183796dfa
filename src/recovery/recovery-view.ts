import type { Context } from '../context';
import type { Client } from '../clients/client.entity';
import { isCoachSide } from '../clients/client.policy';
import type { RecoveryCapitalAssessment } from './assessment.entity';
import type { Handoff } from '../clients/handoff.entity';
import { recoveryLoaders } from './loaders';
import type { RecoveryPlan } from './recovery-plan.entity';

/*
 * A client's recovery records are for its coach side only (the assigned coach, supervisors of
 * its organization): everyone else who reaches the client (agency staff through a referral,
 * admins) gets null or an empty list, the same whether a record exists or not.
 */

export async function recoveryPlanOf(ctx: Context, client: Client): Promise<RecoveryPlan | null> {
  return isCoachSide(ctx.viewer, client) ? ctx.load(recoveryLoaders).planByClient.load(client) : null;
}

export async function assessmentsOf(ctx: Context, client: Client): Promise<RecoveryCapitalAssessment[]> {
  return isCoachSide(ctx.viewer, client) ? ctx.load(recoveryLoaders).assessmentsByClient.load(client) : [];
}

export async function handoffsOf(ctx: Context, client: Client): Promise<Handoff[]> {
  return isCoachSide(ctx.viewer, client) ? ctx.load(recoveryLoaders).handoffsByClient.load(client) : [];
}
