import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../context';
import { Page, type Keyset, type PageRequest } from '../common/pagination';
import { ReferralDirection } from './enums';
import { MOST_OVERDUE, RECENTLY_UPDATED } from './keysets';
import type { ReferralFilter } from './inputs';
import { primeReferralParts, referralLoaders, type ReferralParts } from './loaders';
import type { HistoryEvent } from './referral-notes.policy';
import { Referral } from './referral.entity';
import { referralReach } from './referral.policy';
import type { Outcome } from './types';

export function getReferral(ctx: Context, id: string) {
  return ctx.load(referralLoaders).byId.load(id);
}

/** The referral's history, oldest first, each event carrying its referral for the reason's policy. */
export async function historyOf(ctx: Context, referral: Referral): Promise<HistoryEvent[]> {
  return (await ctx.load(referralLoaders).history.load(referral.id)).map((event) => ({ ...event, referral }));
}

/** The referral's outcome; its note comes through visibleOutcomeNote. */
export function outcomeOf(referral: Referral): Outcome | null {
  if (!referral.outcomeType) return null;
  return {
    type: referral.outcomeType,
    successful: referral.outcomeSuccessful!,
    achievedOn: referral.outcomeAchievedOn!,
    recordedById: referral.outcomeRecordedById!,
    recordedAt: referral.outcomeRecordedAt!,
    referral,
  };
}

/**
 * A page of referrals in two statements whatever its size: the page, then its count and the
 * records the query reads through it (`parts`, primeReferralParts).
 */
async function pageWithParts(ctx: Context, keyset: Keyset, query: () => SelectQueryBuilder<Referral>, request: PageRequest, parts: ReferralParts) {
  let total: number | null = null;
  const page = await keyset.page(query, request, async () => total ?? query().getCount());
  total = await primeReferralParts(ctx, page.edges.map((edge) => edge.node), parts, parts.totalCount ? query() : null);
  return page;
}

/** The referrals the viewer reaches, narrowed by the filter; most recently updated first. */
export async function listReferrals(ctx: Context, filter: ReferralFilter | null | undefined, page: { first?: number | null; after?: string | null; parts: ReferralParts }) {
  return pageWithParts(ctx, RECENTLY_UPDATED, () => filtered(ctx, filter ?? {}), RECENTLY_UPDATED.request(page.first, page.after), page.parts);
}

/** Open referrals the viewer reaches whose follow-up is due, most overdue first. */
export async function followUpQueue(ctx: Context, page: { first?: number | null; after?: string | null; parts: ReferralParts }) {
  const now = new Date();
  const query = () => {
    const reach = referralReach(ctx.viewer);
    return ctx.em
      .createQueryBuilder(Referral, 'r')
      .where(reach.sql, reach.params)
      .andWhere('r.follow_up_due < :now', { now });
  };
  return pageWithParts(ctx, MOST_OVERDUE, query, MOST_OVERDUE.request(page.first, page.after), page.parts);
}

/** A client's referrals (those the viewer reaches), batched across the clients of one request. */
export async function clientReferrals(ctx: Context, clientId: string, first?: number | null, after?: string | null) {
  const page = RECENTLY_UPDATED.request(first, after);
  const loaders = ctx.load(referralLoaders);
  const edges = await loaders.pageByClient.load({ clientId, limit: page.first + 1, after: page.after });
  return new Page(edges, page, async () => (await loaders.countsByClient.load(clientId)).total);
}

export async function openReferralCount(ctx: Context, clientId: string): Promise<number> {
  return (await ctx.load(referralLoaders).countsByClient.load(clientId)).open;
}

function filtered(ctx: Context, filter: ReferralFilter): SelectQueryBuilder<Referral> {
  const viewer = ctx.user;
  const reach = referralReach(viewer);
  const qb = ctx.em.createQueryBuilder(Referral, 'r').where(reach.sql, reach.params);
  if (filter.statuses?.length) qb.andWhere('r.status = ANY(:statuses)', { statuses: filter.statuses });
  if (filter.clientId) qb.andWhere('r.client_id = :clientId', { clientId: filter.clientId });
  if (filter.serviceId) qb.andWhere('r.service_id = :serviceId', { serviceId: filter.serviceId });
  if (filter.direction === ReferralDirection.SENT) qb.andWhere('r.referring_organization_id = :own', { own: viewer.organizationId });
  if (filter.direction === ReferralDirection.RECEIVED) qb.andWhere('r.receiving_organization_id = :own', { own: viewer.organizationId });
  if (filter.overdueOnly) qb.andWhere('r.follow_up_due < :now', { now: new Date() });
  if (filter.createdAfter) qb.andWhere('r.created_at >= :createdAfter', { createdAfter: filter.createdAfter });
  if (filter.createdBefore) qb.andWhere('r.created_at < :createdBefore', { createdBefore: filter.createdBefore });
  // The (organization, updated_at, id) indexes serve this range under the viewer's reach.
  if (filter.updatedAfter) qb.andWhere('r.updated_at >= :updatedAfter', { updatedAfter: filter.updatedAfter });
  return qb;
}
