import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Context } from '../context';
import { byKey, groupedByKey } from '../common/loaders';
import type { Condition } from '../common/sql';
import { recordAudit } from '../audit/audit.service';
import { Client } from './client.entity';
import { clientReach, coachSide } from './client.policy';
import { liveReceivedBy } from '../referrals/referral.policy';
import { Consent } from './consent.entity';
import type { ConsentScope } from './enums';
import { Goal } from './goal.entity';

export const clientLoaders = (ctx: Context) => ({
  /**
   * The client if the viewer reaches it, null otherwise. Every client read through it is a
   * read of a client's record and is audited: one INSERT per batch, and DataLoader's cache
   * keeps it to once per client per request.
   */
  byId: new DataLoader<string, Client | null>(async (ids) => {
    const reach = clientReach(ctx.viewer);
    const clients = await ctx.em
      .createQueryBuilder(Client, 'c')
      .where('c.id = ANY(:ids)', { ids: [...ids] })
      .andWhere(reach.sql, reach.params)
      .getMany();
    await auditClientReads(ctx, 'readClient', clients);
    return byKey(ids, clients, (c) => c.id);
  }),

  /**
   * For agency staff: whether their organization received a sent referral of the client that
   * is not ENTERED_IN_ERROR, the only kind that reaches more than the alias.
   */
  liveReferral: new DataLoader<string, boolean>(async (ids) => {
    const rows: { clientId: string }[] = await ctx.em
      .createQueryBuilder()
      .select('DISTINCT r.client_id', 'clientId')
      .from('referral', 'r')
      .where('r.client_id = ANY(:ids)', { ids: [...ids] })
      .andWhere(liveReceivedBy('r'), { reachOrg: ctx.viewer?.organizationId ?? null })
      .getRawMany();
    const live = new Set(rows.map((row) => row.clientId));
    return ids.map((id) => live.has(id));
  }),
});

/** One audit event per client read, on the client's organization so its supervisors see it. */
export function auditClientReads(ctx: Context, action: string, clients: Client[]): Promise<void> {
  return recordAudit(
    ctx,
    ...clients.map((c) => ({ action, entityType: 'Client', entityId: c.id, subjectOrganizationId: c.organizationId })),
  );
}

/**
 * auditClientReads inside the statement that reads the clients (a page's nested records): the
 * body of a data-modifying CTE writing the same event for each client row of `reached`.
 */
export function auditClientReadsSql(ctx: Context, action: string, reached: string): Condition {
  return {
    sql: `INSERT INTO audit_event (actor_id, action, entity_type, entity_id, subject_organization_id, request_id, correlation_id)
          SELECT CAST(:auditActor AS uuid), :auditAction, 'Client', ${reached}.id, ${reached}.organization_id, :auditRequest, :auditCorrelation FROM ${reached}`,
    params: { auditActor: ctx.viewer?.id ?? null, auditAction: action, auditRequest: ctx.requestId, auditCorrelation: ctx.request.correlationId },
  };
}

export interface ConsentKey {
  clientId: string;
  organizationId: string;
  scope: ConsentScope;
}

export const consentLoaders = (ctx: Context) => ({
  byClient: new DataLoader<string, Consent[]>(async (clientIds) =>
    groupedByKey(
      clientIds,
      await ctx.em.find(Consent, { where: { clientId: In([...clientIds]) }, order: { grantedAt: 'DESC', id: 'ASC' } }),
      (c) => c.clientId,
    ),
  ),
  /** Whether an active consent exists for each (client, organization, scope), judged by the database clock now. */
  active: new DataLoader<ConsentKey, boolean, string>(
    async (keys) => {
      const rows: ConsentKey[] = await ctx.em.query(
        `SELECT DISTINCT k.client_id AS "clientId", k.organization_id AS "organizationId", k.scope
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS k (client_id, organization_id, scope)
           JOIN consent s ON s.client_id = k.client_id AND s.organization_id = k.organization_id AND s.scope = k.scope
          WHERE s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > now())`,
        [keys.map((k) => k.clientId), keys.map((k) => k.organizationId), keys.map((k) => k.scope)],
      );
      const found = new Set(rows.map(consentKey));
      return keys.map((k) => found.has(consentKey(k)));
    },
    { cacheKeyFn: consentKey },
  ),
});

function consentKey(k: ConsentKey): string {
  return `${k.clientId}|${k.organizationId}|${k.scope}`;
}

export const goalLoaders = (ctx: Context) => ({
  byClient: new DataLoader<string, Goal[]>(async (clientIds) =>
    groupedByKey(
      clientIds,
      await ctx.em.find(Goal, { where: { clientId: In([...clientIds]) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      (g) => g.clientId,
    ),
  ),
  /** A goal, for the coach side of its client only (a referral's goal, say); null for everyone else. */
  byId: new DataLoader<string, Goal | null>(async (ids) => {
    const side = coachSide(ctx.viewer);
    const goals = await ctx.em
      .createQueryBuilder(Goal, 'g')
      .innerJoin(Client, 'c', 'c.id = g.client_id')
      .where('g.id = ANY(:ids)', { ids: [...ids] })
      .andWhere(side.sql, side.params)
      .getMany();
    return byKey(ids, goals, (g) => g.id);
  }),
});
