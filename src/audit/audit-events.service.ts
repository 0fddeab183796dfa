import type { Context } from '../context';
import { Forbidden } from '../common/errors';
import { Page, encodeCursor, pageRequest } from '../common/pagination';
import { Role } from '../people/enums';
import { AuditEvent } from './audit-event.entity';
import type { AuditFilter } from './audit.types';

/** Admins read every event; supervisors the events on their own organization's clients; nobody else any. */
export async function listAuditEvents(ctx: Context, filter: AuditFilter = {}, first?: number | null, after?: string | null) {
  const viewer = ctx.user;
  if (viewer.role !== Role.ADMIN && viewer.role !== Role.SUPERVISOR) throw new Forbidden();
  const page = pageRequest(first, after, ['instant', 'uuid']);

  const query = () => {
    const qb = ctx.em.createQueryBuilder(AuditEvent, 'e');
    if (viewer.role === Role.SUPERVISOR) qb.andWhere('e.subject_organization_id = :org', { org: viewer.organizationId });
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.since) qb.andWhere('e.at >= :since', { since: filter.since });
    if (filter.until) qb.andWhere('e.at <= :until', { until: filter.until });
    return qb;
  };

  const rows = query();
  if (page.after) {
    const [at, id] = page.after as [string, string];
    rows.andWhere('(e.at, e.id) < (:at, :id)', { at, id });
  }
  const events = await rows.orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').limit(page.first + 1).getMany();
  return new Page(
    events,
    page,
    (node) => ({ cursor: encodeCursor([node.at.toISOString(), node.id]), node }),
    () => query().getCount(),
  );
}
