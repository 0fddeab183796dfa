import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Context } from '../context';
import { byKey, groupedByKey } from '../common/loaders';
import type { Edge } from '../common/pagination';
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
   * query for every client asked with the same page size and cursor, the rows numbered per client.
   */
  pageByClient: new DataLoader<ClientPageKey, Edge<Referral>[], string>(
    async (keys) => {
      const groups = new Map<string, ClientPageKey[]>();
      for (const key of keys) {
        const group = `${key.limit}|${JSON.stringify(key.after)}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const pages = new Map<string, Edge<Referral>[]>();
      for (const group of groups.values()) {
        const { limit, after } = group[0];
        const clientIds = group.map((k) => k.clientId);
        const rows = await pageOfClients(ctx, clientIds, limit, after);
        groupedByKey(clientIds, rows, (edge) => edge.node.clientId).forEach((list, i) => pages.set(pageKey(group[i]), list));
      }
      return keys.map((k) => pages.get(pageKey(k)) ?? []);
    },
    { cacheKeyFn: pageKey },
  ),
});

function pageKey(key: ClientPageKey): string {
  return `${key.clientId}|${key.limit}|${JSON.stringify(key.after)}`;
}

async function pageOfClients(ctx: Context, clientIds: string[], limit: number, after: unknown[] | null): Promise<Edge<Referral>[]> {
  const reach = referralReach(ctx.viewer);
  const numbered = ctx.em
    .createQueryBuilder(Referral, 'r')
    .select('r.id', 'id')
    .addSelect(`row_number() OVER (PARTITION BY r.client_id ORDER BY ${RECENTLY_UPDATED.orderSql})`, 'n')
    .where('r.client_id = ANY(:clientIds)', { clientIds })
    .andWhere(reach.sql, reach.params);
  if (after) {
    const past = RECENTLY_UPDATED.after(after);
    numbered.andWhere(past.sql, past.params);
  }
  return RECENTLY_UPDATED.edges(
    ctx.em
      .createQueryBuilder(Referral, 'r')
      .innerJoin(`(${numbered.getQuery()})`, 'p', 'p.id = r.id AND p.n <= :limit', { limit })
      .setParameters(numbered.getParameters()),
  );
}
