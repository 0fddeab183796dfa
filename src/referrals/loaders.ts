import DataLoader from 'dataloader';
import { In, type SelectQueryBuilder } from 'typeorm';
import type { Context } from '../context';
import { Client } from '../clients/client.entity';
import { clientReach } from '../clients/client.policy';
import { auditClientReadsSql, clientLoaders } from '../clients/loaders';
import { batchedByArguments, byKey, groupedByKey } from '../common/loaders';
import type { Edge } from '../common/pagination';
import type { Condition } from '../common/sql';
import { jsonRow, queryRows } from '../db/plain-rows';
import type { ServiceCard } from '../directory/service-card';
import { primeServiceCards, serviceCardsSql, type ServiceParts } from '../directory/service-cards';
import { organizationLoaders, userLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { User } from '../people/user.entity';
import { RECENTLY_UPDATED } from './keysets';
import { OPEN_STATUSES } from './enums';
import { ReferralEvent } from './referral-event.entity';
import { ReferralNote } from './referral-note.entity';
import { Referral } from './referral.entity';
import { referralReach } from './referral.policy';

export interface ClientReferralCounts {
  total: number;
  open: number;
}

export interface ClientPageKey {
  clientId: string;
  limit: number;
  /** The decoded cursor (see RECENTLY_UPDATED). */
  after: unknown[] | null;
}

export const referralLoaders = (ctx: Context) => ({
  /** The referral if the viewer reaches it, null otherwise. */
  byId: new DataLoader<string, Referral | null>(async (ids) => {
    const reach = referralReach(ctx.viewer);
    const rows = await ctx.em
      .createQueryBuilder(Referral, 'r')
      .where('r.id = ANY(:ids)', { ids: [...ids] })
      .andWhere(reach.sql, reach.params)
      .getMany();
    return byKey(ids, rows, (r) => r.id);
  }),

  /** Oldest first. */
  history: new DataLoader<string, ReferralEvent[]>(async (referralIds) =>
    groupedByKey(
      referralIds,
      await ctx.em.find(ReferralEvent, { where: { referralId: In([...referralIds]) }, order: { version: 'ASC' } }),
      (e) => e.referralId,
    ),
  ),

  notes: new DataLoader<string, ReferralNote[]>(async (referralIds) =>
    groupedByKey(
      referralIds,
      await ctx.em.find(ReferralNote, { where: { referralId: In([...referralIds]) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      (n) => n.referralId,
    ),
  ),

  /** Per client, the referrals the viewer reaches: all of them and the open ones. */
  countsByClient: new DataLoader<string, ClientReferralCounts>(async (clientIds) => {
    const reach = referralReach(ctx.viewer);
    const rows: { clientId: string; total: string; open: string }[] = await ctx.em
      .createQueryBuilder(Referral, 'r')
      .select('r.client_id', 'clientId')
      .addSelect('count(*)', 'total')
      .addSelect('count(*) FILTER (WHERE r.status = ANY(:open))', 'open')
      .where('r.client_id = ANY(:clientIds)', { clientIds: [...clientIds], open: OPEN_STATUSES })
      .andWhere(reach.sql, reach.params)
      .groupBy('r.client_id')
      .getRawMany();
    const found = new Map(rows.map((row) => [row.clientId, { total: Number(row.total), open: Number(row.open) }]));
    return clientIds.map((id) => found.get(id) ?? { total: 0, open: 0 });
  }),

  /**
   * A page of each client's referrals with their cursors, most recently updated first: one
   * query for every client asked with the same page size and cursor, each page a LIMIT read of
   * referral_client_updated_idx.
   */
  pageByClient: new DataLoader<ClientPageKey, Edge<Referral>[], string>(
    (keys) =>
      batchedByArguments(
        keys,
        (key) => `${key.limit}|${JSON.stringify(key.after)}`,
        async (group) => {
          const clientIds = group.map((k) => k.clientId);
          const edges = await RECENTLY_UPDATED.edgesPerParent(ctx.em.createQueryBuilder(Referral, 'r'), 'client_id', clientIds, group[0], referralReach(ctx.viewer));
          return groupedByKey(clientIds, edges, (edge) => edge.node.clientId);
        },
      ),
    { cacheKeyFn: (key) => `${key.clientId}|${key.limit}|${JSON.stringify(key.after)}` },
  ),
});

/** What a page of referrals reads besides the referrals' own columns: its count and the records they point to. */
export interface ReferralParts {
  totalCount: boolean;
  client: boolean;
  /** null when the query reads no service. */
  service: ServiceParts | null;
  receivingOrganization: boolean;
  referredBy: boolean;
  outcomeRecordedBy: boolean;
}

type Json = Record<string, unknown>;

/**
 * One statement for a page's count (`count`: the page's rows, when the query reads totalCount)
 * and every record the query reads through the page's referrals, built as JSON and primed into
 * the request's loaders, so the field resolvers answer without SQL of their own. Clients come
 * through the viewer's reach and their reads are audited in the same statement, as
 * clientLoaders.byId audits them. Returns the count (null when not asked).
 */
export async function primeReferralParts(
  ctx: Context,
  referrals: Referral[],
  parts: ReferralParts,
  count: SelectQueryBuilder<Referral> | null,
): Promise<number | null> {
  const params: Record<string, unknown> = {};
  // The conditions come from several policies: a name two of them use must mean the same value.
  const sql = (condition: Condition) => {
    for (const [name, value] of Object.entries(condition.params)) {
      if (name in params && params[name] !== value) throw new Error(`parameter :${name} given two values`);
      params[name] = value;
    }
    return condition.sql;
  };
  const ids = (...picks: ((r: Referral) => string | null)[]) => [...new Set(referrals.flatMap((r) => picks.map((pick) => pick(r))).filter((id) => id !== null))];
  const ctes: string[] = [];
  const columns: string[] = [];
  if (count) columns.push(`(${sql({ sql: count.select('count(*)::int').getQuery(), params: count.getParameters() })}) AS "totalCount"`);
  const clientIds = parts.client ? ids((r) => r.clientId) : [];
  if (clientIds.length) {
    params.clientIds = clientIds;
    ctes.push(`reached AS (SELECT c.* FROM client c WHERE c.id = ANY(:clientIds) AND ${sql(clientReach(ctx.viewer))})`);
    ctes.push(`audited AS (${sql(auditClientReadsSql(ctx, 'readClient', 'reached'))})`);
    columns.push(`(SELECT json_agg(${jsonRow(ctx.em, Client).sql('c')}) FROM reached c) AS clients`);
  }
  if (parts.service && referrals.length) {
    params.serviceIds = ids((r) => r.serviceId);
    columns.push(`(SELECT json_agg(cards.card) FROM (${sql(serviceCardsSql(ctx, ':serviceIds', parts.service))}) cards) AS services`);
  }
  if (parts.receivingOrganization && referrals.length) {
    params.organizationIds = ids((r) => r.receivingOrganizationId);
    columns.push(`(SELECT json_agg(${jsonRow(ctx.em, Organization).sql('o')}) FROM organization o WHERE o.id = ANY(:organizationIds)) AS organizations`);
  }
  const userIds = ids((r) => (parts.referredBy ? r.referredById : null), (r) => (parts.outcomeRecordedBy ? r.outcomeRecordedById : null));
  if (userIds.length) {
    params.userIds = userIds;
    columns.push(`(SELECT json_agg(${jsonRow(ctx.em, User).sql('u')}) FROM app_user u WHERE u.id = ANY(:userIds)) AS users`);
  }
  if (columns.length === 0) return null;

  const [row] = await queryRows<{ totalCount?: number; clients?: Json[] | null; services?: ServiceCard[] | null; organizations?: Json[] | null; users?: Json[] | null }>(
    ctx.em,
    { sql: `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${columns.join(', ')}`, params },
  );
  const reached = new Map((row.clients ?? []).map((json) => jsonRow(ctx.em, Client).read(json)).map((c) => [c.id, c]));
  // A client outside the viewer's reach is null, as clientLoaders.byId answers it.
  for (const id of clientIds) ctx.load(clientLoaders).byId.prime(id, reached.get(id) ?? null);
  primeServiceCards(ctx, row.services ?? []);
  for (const json of row.organizations ?? []) ctx.load(organizationLoaders).byId.prime(json.id as string, jsonRow(ctx.em, Organization).read(json));
  for (const json of row.users ?? []) ctx.load(userLoaders).byId.prime(json.id as string, jsonRow(ctx.em, User).read(json));
  return row.totalCount ?? null;
}
