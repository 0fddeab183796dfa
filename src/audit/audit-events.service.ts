import type { Context } from '../context';
import { Forbidden } from '../common/errors';
import { Keyset } from '../common/pagination';
import { Role } from '../people/enums';
import { AuditEvent } from './audit-event.entity';
import type { AuditFilter } from './audit.types';

/** Newest first. */
const NEWEST_FIRST = new Keyset('DESC', [
  { sql: 'e.at', part: 'instant' },
  { sql: 'e.id', part: 'uuid' },
]);

/** Admins read every event; supervisors the events on their own organization's clients; nobody else any. */
export async function listAuditEvents(ctx: Context, filter: AuditFilter = {}, first?: number | null, after?: string | null) {
  const viewer = ctx.user;
  if (viewer.role !== Role.ADMIN && viewer.role !== Role.SUPERVISOR) throw new Forbidden();
  const page = NEWEST_FIRST.request(first, after);

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
  return NEWEST_FIRST.page(query, page);
}
