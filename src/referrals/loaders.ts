import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Context } from '../context';
import { byKey, groupedByKey } from '../common/loaders';
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
  after: [string, string] | null;
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
   * A page of each client's referrals, most recently updated first: one query for every
   * client asked with the same page size and cursor, the rows numbered per client.
   */
  pageByClient: new DataLoader<ClientPageKey, Referral[], string>(
    async (keys) => {
      const groups = new Map<string, ClientPageKey[]>();
      for (const key of keys) {
        const group = `${key.limit}|${JSON.stringify(key.after)}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const pages = new Map<string, Referral[]>();
      for (const group of groups.values()) {
        const { limit, after } = group[0];
        const clientIds = group.map((k) => k.clientId);
        const rows = await pageOfClients(ctx, clientIds, limit, after);
        groupedByKey(clientIds, rows, (r) => r.clientId).forEach((list, i) => pages.set(pageKey(group[i]), list));
      }
      return keys.map((k) => pages.get(pageKey(k)) ?? []);
    },
    { cacheKeyFn: pageKey },
  ),
});

function pageKey(key: ClientPageKey): string {
  return `${key.clientId}|${key.limit}|${JSON.stringify(key.after)}`;
}

async function pageOfClients(ctx: Context, clientIds: string[], limit: number, after: [string, string] | null): Promise<Referral[]> {
  const reach = referralReach(ctx.viewer);
  const numbered = ctx.em
    .createQueryBuilder(Referral, 'r')
    .select('r.id', 'id')
    .addSelect('row_number() OVER (PARTITION BY r.client_id ORDER BY r.updated_at DESC, r.id DESC)', 'n')
    .where('r.client_id = ANY(:clientIds)', { clientIds })
    .andWhere(reach.sql, reach.params);
  if (after) numbered.andWhere('(r.updated_at, r.id) < (:afterAt, :afterId)', { afterAt: after[0], afterId: after[1] });
  return ctx.em
    .createQueryBuilder(Referral, 'r')
    .innerJoin(`(${numbered.getQuery()})`, 'p', 'p.id = r.id AND p.n <= :limit', { limit })
    .setParameters(numbered.getParameters())
    .orderBy('r.updated_at', 'DESC')
    .addOrderBy('r.id', 'DESC')
    .getMany();
}
