import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../context';
import { Page, encodeCursor, pageRequest, type PageRequest } from '../common/pagination';
import { ReferralDirection } from './enums';
import type { ReferralFilter } from './inputs';
import { referralLoaders } from './loaders';
import type { HistoryEvent } from './referral-notes.policy';
import { Referral } from './referral.entity';
import { referralReach } from './referral.policy';
import type { Outcome } from './types';

type Cursor = [string, string];

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

/** The referrals the viewer reaches, narrowed by the filter; most recently updated first. */
export async function listReferrals(ctx: Context, filter: ReferralFilter | null | undefined, first?: number | null, after?: string | null) {
  const page = pageRequest(first, after, ['instant', 'uuid']);
  const query = () => filtered(ctx, filter ?? {});
  const rows = query();
  if (page.after) {
    const [at, id] = page.after as Cursor;
    rows.andWhere('(r.updated_at, r.id) < (:afterAt, :afterId)', { afterAt: at, afterId: id });
  }
  const referrals = await rows.orderBy('r.updated_at', 'DESC').addOrderBy('r.id', 'DESC').limit(page.first + 1).getMany();
  return new Page(referrals, page, (node) => ({ cursor: updatedCursor(node), node }), () => query().getCount());
}

/** Open referrals the viewer reaches whose follow-up is due, most overdue first. */
export async function followUpQueue(ctx: Context, first?: number | null, after?: string | null) {
  const page = pageRequest(first, after, ['instant', 'uuid']);
  const now = new Date();
  const query = () => {
    const reach = referralReach(ctx.viewer);
    return ctx.em
      .createQueryBuilder(Referral, 'r')
      .where(reach.sql, reach.params)
      .andWhere('r.follow_up_due < :now', { now });
  };
  const rows = query();
  if (page.after) {
    const [due, id] = page.after as Cursor;
    rows.andWhere('(r.follow_up_due, r.id) > (:afterDue, :afterId)', { afterDue: due, afterId: id });
  }
  const referrals = await rows.orderBy('r.follow_up_due', 'ASC').addOrderBy('r.id', 'ASC').limit(page.first + 1).getMany();
  return new Page(
    referrals,
    page,
    (node) => ({ cursor: encodeCursor([node.followUpDue!.toISOString(), node.id]), node }),
    () => query().getCount(),
  );
}

/** A client's referrals (those the viewer reaches), batched across the clients of one request. */
export async function clientReferrals(ctx: Context, clientId: string, first?: number | null, after?: string | null) {
  const page: PageRequest = pageRequest(first, after, ['instant', 'uuid']);
  const loaders = ctx.load(referralLoaders);
  const rows = await loaders.pageByClient.load({ clientId, limit: page.first + 1, after: page.after as Cursor | null });
  return new Page(rows, page, (node) => ({ cursor: updatedCursor(node), node }), async () => (await loaders.countsByClient.load(clientId)).total);
}

export async function openReferralCount(ctx: Context, clientId: string): Promise<number> {
  return (await ctx.load(referralLoaders).countsByClient.load(clientId)).open;
}

function updatedCursor(referral: Referral): string {
  return encodeCursor([referral.updatedAt.toISOString(), referral.id]);
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
  return qb;
}
