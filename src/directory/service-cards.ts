import type { Context } from '../context';
import type { Selection } from '../common/selection';
import type { Condition } from '../common/sql';
import { jsonRow, queryRows } from '../db/plain-rows';
import { organizationLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { Address } from './address.entity';
import { ServiceCapacity } from './capacity.entity';
import { CostOption } from './cost-option.entity';
import { locationLoaders, serviceLoaders } from './loaders';
import { Location } from './location.entity';
import { confidentialReach, seesConfidentialSql } from './location.policy';
import { Phone } from './phone.entity';
import { Schedule } from './schedule.entity';
import type { Json, ServiceCard } from './service-card';
import { Service } from './service.entity';
import { BEACON_TAXONOMY_ID, TaxonomyTerm } from './taxonomy-term.entity';

/*
 * A page of services with every part the query reads, in one statement: each service's card is
 * JSON built in SQL, then primed into the request's loaders, so the field resolvers of
 * service.resolver.ts and location.resolver.ts answer from them without SQL of their own. A page
 * of an organization's services builds the same cards inside its own statement; any other path
 * (service(id)) still reads the same parts through the loaders.
 */

/** Which of a service's parts the query reads: the field resolvers that would otherwise each cost a statement. */
export interface ServiceParts {
  organization: boolean;
  taxonomyTerms: boolean;
  capacity: boolean;
  languages: boolean;
  costOptions: boolean;
  openNow: boolean;
  /** null when the query reads no locations. */
  locations: { address: boolean; phones: boolean; schedules: boolean } | null;
}

/** The parts a selection of Service fields reads. */
export function servicePartsOf(selection: Selection): ServiceParts {
  const locations = selection.under('locations');
  return {
    organization: selection.has('organization'),
    taxonomyTerms: selection.has('taxonomyTerms'),
    capacity: selection.has('capacity'),
    languages: selection.has('languages'),
    costOptions: selection.has('costOptions'),
    openNow: selection.has('openNow'),
    locations: selection.has('locations') ? { address: locations.has('address'), phones: locations.has('phones'), schedules: locations.has('schedules') } : null,
  };
}

/**
 * SQL: one row per service whose id is in `ids` (SQL of a uuid array), its `card` column the
 * service and the parts asked (see serviceCardSql).
 */
export function serviceCardsSql(ctx: Context, ids: string, parts: ServiceParts): Condition {
  const card = serviceCardSql(ctx, parts);
  return { sql: `SELECT ${card.sql} AS card FROM service s WHERE s.id = ANY(${ids})`, params: card.params };
}

/**
 * SQL: the card of the service row under alias `s`, the service and the parts asked, each list in
 * the order its loader gives, for a statement that selects services some other way (a page). A
 * confidential location the viewer may not see (location.policy.ts) comes without address and coordinates.
 */
export function serviceCardSql(ctx: Context, parts: ServiceParts): Condition {
  const row = <T extends object>(target: new () => T) => jsonRow(ctx.em, target);
  const params: Record<string, unknown> = {};
  const list = (json: string, order: string, from: string) => `(SELECT coalesce(json_agg(${json} ORDER BY ${order}), '[]') FROM ${from})`;
  const card = [`'service', ${row(Service).sql('s')}`];
  if (parts.organization) card.push(`'organization', (SELECT ${row(Organization).sql('o')} FROM organization o WHERE o.id = s.organization_id)`);
  if (parts.taxonomyTerms) {
    card.push(`'taxonomyTerms', ${list(row(TaxonomyTerm).sql('t'), 't.code', `attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id AND t.taxonomy_id = '${BEACON_TAXONOMY_ID}' WHERE a.link_id = s.id`)}`);
  }
  if (parts.capacity) card.push(`'capacity', (SELECT ${row(ServiceCapacity).sql('sc')} FROM service_capacity sc WHERE sc.service_id = s.id)`);
  if (parts.languages) card.push(`'languages', ${list('lg.code', 'lg.position', 'language lg WHERE lg.service_id = s.id AND lg.code IS NOT NULL')}`);
  if (parts.costOptions) card.push(`'costOptions', ${list(row(CostOption).sql('co'), 'co.position', 'cost_option co WHERE co.service_id = s.id AND co.option IS NOT NULL')}`);
  if (parts.openNow) card.push(`'openNow', service_open_at(s.id, now())`);
  if (parts.locations) {
    const seen = seesConfidentialSql(confidentialReach(ctx.viewer), 'l.organization_id', (organizationId) => {
      params.cardViewerOrganization = organizationId;
      return ':cardViewerOrganization';
    });
    const visible = `(NOT l.confidential OR ${seen})`;
    const location = [`'location', ${row(Location).sql('l', { latitude: `CASE WHEN ${visible} THEN l.latitude END`, longitude: `CASE WHEN ${visible} THEN l.longitude END` })}`];
    if (parts.locations.address) location.push(`'address', CASE WHEN ${visible} THEN (SELECT ${row(Address).sql('ad')} FROM address ad WHERE ad.location_id = l.id ORDER BY ad.address_type LIMIT 1) END`);
    if (parts.locations.phones) location.push(`'phones', ${list(row(Phone).sql('ph'), 'ph.position', 'phone ph WHERE ph.location_id = l.id')}`);
    if (parts.locations.schedules) location.push(`'schedules', ${list(row(Schedule).sql('sh'), 'sh.byday, sh.opens_at', 'schedule sh WHERE sh.location_id = l.id')}`);
    card.push(`'locations', ${list(`json_build_object(${location.join(', ')})`, 'sal.position', 'service_at_location sal JOIN location l ON l.id = sal.location_id WHERE sal.service_id = s.id')}`);
  }
  return { sql: `json_build_object(${card.join(', ')})`, params };
}

/** The services of `ids` with the parts asked, in one statement, primed into the request's loaders; by id. */
export async function loadServiceCards(ctx: Context, ids: string[], parts: ServiceParts): Promise<Map<string, Service>> {
  if (ids.length === 0) return new Map();
  const cards = serviceCardsSql(ctx, ':cardIds', parts);
  const rows = await queryRows<{ card: ServiceCard }>(ctx.em, { sql: cards.sql, params: { ...cards.params, cardIds: ids } });
  return primeServiceCards(ctx, rows.map((r) => r.card));
}

/** Primes the request's loaders with the cards (a part not asked is left to its loader); the services by id. */
export function primeServiceCards(ctx: Context, cards: ServiceCard[]): Map<string, Service> {
  const services = ctx.load(serviceLoaders);
  const locations = ctx.load(locationLoaders);
  const organizations = ctx.load(organizationLoaders).byId;
  const read = <T extends object>(target: new () => T, json: Json) => jsonRow(ctx.em, target).read(json);
  const readAll = <T extends object>(target: new () => T, list: Json[]) => list.map((json) => read(target, json));
  const byId = new Map<string, Service>();
  for (const card of cards) {
    const service = read(Service, card.service);
    const id = service.id;
    byId.set(id, service);
    services.byId.prime(id, service);
    if (card.organization !== undefined) organizations.prime(service.organizationId, card.organization && read(Organization, card.organization));
    if (card.taxonomyTerms) services.taxonomyTerms.prime(id, readAll(TaxonomyTerm, card.taxonomyTerms));
    if (card.capacity !== undefined) services.capacity.prime(id, card.capacity && read(ServiceCapacity, card.capacity));
    if (card.languages) services.languages.prime(id, card.languages);
    if (card.costOptions) services.costOptions.prime(id, readAll(CostOption, card.costOptions));
    if (card.openNow !== undefined) services.openNow.prime(id, card.openNow);
    if (card.locations) {
      services.locations.prime(id, card.locations.map((entry) => read(Location, entry.location)));
      for (const entry of card.locations) {
        const locationId = entry.location.id as string;
        if (entry.address !== undefined) locations.address.prime(locationId, entry.address && read(Address, entry.address));
        if (entry.phones) locations.phones.prime(locationId, readAll(Phone, entry.phones));
        if (entry.schedules) locations.schedules.prime(locationId, readAll(Schedule, entry.schedules));
      }
    }
  }
  return byId;
}
