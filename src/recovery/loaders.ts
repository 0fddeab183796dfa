import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Context } from '../context';
import { byKey, groupedByKey } from '../common/loaders';
import type { Client } from '../clients/client.entity';
import { auditClientReads } from '../clients/loaders';
import { RecoveryCapitalAssessment } from './assessment.entity';
import { Handoff } from '../clients/handoff.entity';
import { RecoveryPlanChange } from './recovery-plan-change.entity';
import { RecoveryPlan } from './recovery-plan.entity';

/**
 * A client's recovery records, batched over the clients of one request: one query and one
 * audit INSERT per kind, whatever the page size. Keyed by the client (cached by its id) so the
 * audit events carry its organization. Callers check the coach side first (recovery-view.ts):
 * reading these is a read of the client's record, audited like one.
 */
export const recoveryLoaders = (ctx: Context) => ({
  planByClient: new DataLoader<Client, RecoveryPlan | null, string>(
    async (clients) => {
      const ids = clients.map((c) => c.id);
      const plans = await ctx.em.findBy(RecoveryPlan, { clientId: In(ids) });
      await auditClientReads(ctx, 'readRecoveryPlan', [...clients]);
      return byKey(ids, plans, (p) => p.clientId);
    },
    { cacheKeyFn: (c) => c.id },
  ),

  /** Oldest first: by the day taken, then the order recorded. */
  assessmentsByClient: new DataLoader<Client, RecoveryCapitalAssessment[], string>(
    async (clients) => {
      const ids = clients.map((c) => c.id);
      const rows = await ctx.em.find(RecoveryCapitalAssessment, {
        where: { clientId: In(ids) },
        order: { takenOn: 'ASC', createdAt: 'ASC', id: 'ASC' },
      });
      await auditClientReads(ctx, 'readAssessments', [...clients]);
      return groupedByKey(ids, rows, (a) => a.clientId);
    },
    { cacheKeyFn: (c) => c.id },
  ),

  /** Oldest first. */
  handoffsByClient: new DataLoader<Client, Handoff[], string>(
    async (clients) => {
      const ids = clients.map((c) => c.id);
      const rows = await ctx.em.find(Handoff, { where: { clientId: In(ids) }, order: { at: 'ASC', id: 'ASC' } });
      await auditClientReads(ctx, 'readHandoffs', [...clients]);
      return groupedByKey(ids, rows, (h) => h.clientId);
    },
    { cacheKeyFn: (c) => c.id },
  ),

  /** A plan's change history, oldest first; reached only through a plan the viewer may read. */
  changesByPlan: new DataLoader<string, RecoveryPlanChange[]>(async (planIds) =>
    groupedByKey(
      planIds,
      await ctx.em.find(RecoveryPlanChange, { where: { planId: In([...planIds]) }, order: { version: 'ASC', field: 'ASC' } }),
      (c) => c.planId,
    ),
  ),
});

