import DataLoader from 'dataloader';
import { In, Not, IsNull } from 'typeorm';
import type { Context } from '../context';
import { batchedByArguments, byKey, groupedByKey } from '../common/loaders';
import { Keyset, type Edge } from '../common/pagination';
import type { Condition } from '../common/sql';
import { Address } from './address.entity';
import { ServiceCapacity } from './capacity.entity';
import { CostOption } from './cost-option.entity';
import type { ServiceStatus } from './enums';
import { Language } from './language.entity';
import { Location } from './location.entity';
import { Phone } from './phone.entity';
import { Schedule } from './schedule.entity';
import type { ServiceCard } from './service-card';
import { Service } from './service.entity';
import { BEACON_TAXONOMY_ID, TaxonomyTerm } from './taxonomy-term.entity';

/** Services by id, and each service's parts, one query per batch. */
export const serviceLoaders = (ctx: Context) => ({
  byId: new DataLoader<string, Service | null>(async (ids) =>
    byKey(ids, await ctx.em.findBy(Service, { id: In([...ids]) }), (s) => s.id),
  ),
  locations: new DataLoader<string, Location[]>(async (serviceIds) => {
    const rows: (Location & { serviceId: string })[] = await ctx.em.query(
      `SELECT sal.service_id AS "serviceId", l.id, l.organization_id AS "organizationId", l.name, l.confidential,
              l.latitude, l.longitude, l.time_zone AS "timeZone", l.accessibility
       FROM service_at_location sal JOIN location l ON l.id = sal.location_id
       WHERE sal.service_id = ANY($1) ORDER BY sal.position`,
      [[...serviceIds]],
    );
    return groupedByKey(serviceIds, rows, (l) => l.serviceId).map((list) => list.map((row) => ctx.em.create(Location, row)));
  }),
  taxonomyTerms: new DataLoader<string, TaxonomyTerm[]>(async (serviceIds) => {
    const rows: (TaxonomyTerm & { serviceId: string })[] = await ctx.em.query(
      `SELECT a.link_id AS "serviceId", t.id, t.code, t.name, t.description, t.category, t.parent_id AS "parentId", t.position
       FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id AND t.taxonomy_id = $2
       WHERE a.link_id = ANY($1) ORDER BY t.code`,
      [[...serviceIds], BEACON_TAXONOMY_ID],
    );
    return groupedByKey(serviceIds, rows, (t) => t.serviceId).map((list) => list.map((row) => ctx.em.create(TaxonomyTerm, row)));
  }),
  capacity: new DataLoader<string, ServiceCapacity | null>(async (serviceIds) =>
    byKey(serviceIds, await ctx.em.findBy(ServiceCapacity, { serviceId: In([...serviceIds]) }), (c) => c.serviceId),
  ),
  languages: new DataLoader<string, string[]>(async (serviceIds) =>
    groupedByKey(serviceIds, await ctx.em.find(Language, { where: { serviceId: In([...serviceIds]), code: Not(IsNull()) }, order: { position: 'ASC' } }), (l) => l.serviceId!).map(
      (rows) => rows.map((l) => l.code),
    ),
  ),
  costOptions: new DataLoader<string, CostOption[]>(async (serviceIds) =>
    groupedByKey(serviceIds, await ctx.em.find(CostOption, { where: { serviceId: In([...serviceIds]), option: Not(IsNull()) }, order: { position: 'ASC' } }), (c) => c.serviceId),
  ),
  /** Open at this moment, in each location's zone (SQL: service_open_at); null where no location has hours. */
  openNow: new DataLoader<string, boolean | null>(async (serviceIds) => {
    const rows: { id: string; open: boolean | null }[] = await ctx.em.query(
      'SELECT id, service_open_at(id, now()) AS open FROM unnest($1::uuid[]) AS id',
      [[...serviceIds]],
    );
    return byKey(serviceIds, rows, (r) => r.id).map((r) => r?.open ?? null);
  }),
});

/** A location's address, phones and hours, one query per batch. */
export const locationLoaders = (ctx: Context) => ({
  address: new DataLoader<string, Address | null>(async (locationIds) =>
    // A location may hold one address of each HSDS type; the API shows the physical one where there is one.
    byKey(locationIds, await ctx.em.find(Address, { where: { locationId: In([...locationIds]) }, order: { addressType: 'DESC' } }), (a) => a.locationId),
  ),
  phones: new DataLoader<string, Phone[]>(async (locationIds) =>
    groupedByKey(locationIds, await ctx.em.find(Phone, { where: { locationId: In([...locationIds]) }, order: { position: 'ASC' } }), (p) => p.locationId!),
  ),
  schedules: new DataLoader<string, Schedule[]>(async (locationIds) =>
    groupedByKey(
      locationIds,
      await ctx.em.find(Schedule, { where: { locationId: In([...locationIds]) }, order: { byday: 'ASC', opensTime: 'ASC' } }),
      (s) => s.locationId,
    ),
  ),
});

/** Taxonomy terms by id and by parent, one query per batch. */
export const taxonomyLoaders = (ctx: Context) => ({
  byId: new DataLoader<string, TaxonomyTerm | null>(async (ids) =>
    byKey(ids, await ctx.em.findBy(TaxonomyTerm, { id: In([...ids]), taxonomyId: BEACON_TAXONOMY_ID }), (t) => t.id),
  ),
  children: new DataLoader<string, TaxonomyTerm[]>(async (parentIds) =>
    groupedByKey(parentIds, await ctx.em.find(TaxonomyTerm, { where: { parentId: In([...parentIds]), taxonomyId: BEACON_TAXONOMY_ID }, order: { position: 'ASC' } }), (t) => t.parentId!),
  ),
});

/** Organization.services' arguments once the service has applied its rules: statuses sorted, LIMIT first + 1, the decoded cursor. */
export interface OrganizationServicesKey {
  organizationId: string;
  statuses: ServiceStatus[];
  limit: number;
  /** The decoded cursor (see SERVICES_BY_NAME). */
  after: unknown[] | null;
  /** SQL of each service's card under alias `s`: the parts the query reads (serviceCardSql; the service builds it, since service-cards.ts primes these loaders). */
  card: Condition;
}

/** An organization's services: by lower(name), then id. */
export const SERVICES_BY_NAME = new Keyset('ASC', [
  { sql: 'lower(s.name)', part: 'text' },
  { sql: 's.id', part: 'uuid' },
]);

const pageArguments = (k: OrganizationServicesKey) => JSON.stringify([k.statuses, k.limit, k.after, k.card]);

/**
 * A page of each organization's services by lower(name), id, as cards, and their counts: one query
 * for all the organizations asked with the same statuses, page size, cursor and parts.
 */
export const organizationServiceLoaders = (ctx: Context) => ({
  page: new DataLoader<OrganizationServicesKey, Edge<ServiceCard>[], string>(
    (keys) =>
      batchedByArguments(keys, pageArguments, async (group) => {
        const organizationIds = group.map((k) => k.organizationId);
        return groupedByKey(organizationIds, await servicePages(ctx, organizationIds, group[0]), (e) => e.node.service.organizationId as string);
      }),
    { cacheKeyFn: (k) => `${k.organizationId}|${pageArguments(k)}` },
  ),
  count: new DataLoader<Pick<OrganizationServicesKey, 'organizationId' | 'statuses'>, number, string>(
    (keys) =>
      batchedByArguments(keys, (k) => k.statuses.join(), async (group) => {
        const rows: { organizationId: string; count: number }[] = await ctx.em.query(
          `SELECT organization_id AS "organizationId", count(*)::int AS count
           FROM service WHERE organization_id = ANY($1) AND status = ANY($2)
           GROUP BY organization_id`,
          [group.map((k) => k.organizationId), group[0].statuses],
        );
        return byKey(group.map((k) => k.organizationId), rows, (r) => r.organizationId).map((r) => r?.count ?? 0);
      }),
    { cacheKeyFn: (k) => `${k.organizationId}|${k.statuses.join()}` },
  ),
});

/**
 * Each organization's first `limit` services after the cursor, each LIMIT read from
 * service_organization_idx, with their cards built in the same statement: plain JSON, no entities.
 */
function servicePages(ctx: Context, organizationIds: string[], { statuses, limit, after, card }: OrganizationServicesKey): Promise<Edge<ServiceCard>[]> {
  const qb = ctx.em.createQueryBuilder(Service, 's').select(card.sql, 'card').setParameters(card.params);
  const page = SERVICES_BY_NAME.perParent(qb, 'organization_id', organizationIds, { limit, after }, { sql: 's.status = ANY(:statuses)', params: { statuses } });
  return SERVICES_BY_NAME.rawEdges(page, (raw) => raw.card as ServiceCard);
}
