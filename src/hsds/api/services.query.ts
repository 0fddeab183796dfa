import type { Context } from '../../context';
import { searchCriteria } from '../../directory/search.service';
import { matched, type Params, type SearchCriteria } from '../../directory/search.sql';
import type { Matches } from './listing';
import type { HsdsParams } from './params';
import { taxonomyLinks } from './taxonomy-links.query';

export type ServiceCriteria = SearchCriteria & { matchesNothing: boolean };

/**
 * The directory search's criteria for a reader's parameters: its text (typo tolerant, one
 * statement for the tsquery), organization and statuses, and `near`, a circle to search in. The
 * reader is anonymous, so a confidential location stands at its public point (DESIGN.md, Access).
 */
export function serviceCriteria(ctx: Context, params: HsdsParams, near: { latitude: number; longitude: number; meters: number } | null = null): Promise<ServiceCriteria> {
  return searchCriteria(ctx, {
    text: params.search,
    organizationId: params.organizationId,
    statuses: params.statuses as ServiceCriteria['statuses'],
    near: near && { latitude: near.latitude, longitude: near.longitude },
    radiusKm: near && near.meters / 1000,
  });
}

/**
 * SQL selecting the ids of the services of `table` (alias s) the directory's search finds for
 * `c` (its indexes, its public points) that were modified on or after modified_after and meet
 * `also` (SQL over s). modified_after compares the last_modified the record shows (model.ts).
 */
export function matchingServicesSql(c: ServiceCriteria, params: HsdsParams, p: Params, table = 'service s', also: string[] = []): string {
  const conditions = [...also];
  if (params.modifiedAfter) conditions.push(`greatest(s.last_modified, s.updated_at) >= ${p.add(params.modifiedAfter)}::timestamptz`);
  return `SELECT id FROM (${matched(c, p, table, conditions).sql}) matched`;
}

/** /services: the directory's search, and the taxonomy links of the services themselves; null when nothing can match. */
export async function matchingServices(ctx: Context, params: HsdsParams): Promise<Matches | null> {
  const c = await serviceCriteria(ctx, params);
  if (c.matchesNothing) return null;
  return {
    table: 'service',
    alias: 's',
    narrow: false,
    ids: (p, from) => matchingServicesSql(c, params, p, from, taxonomyLinks(params, p).map((links) => `s.id IN (${links})`)),
  };
}
