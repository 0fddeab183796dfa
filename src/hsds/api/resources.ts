import type { EntityManager } from 'typeorm';
import { groupedByKey } from '../../common/loaders';
import type { Context } from '../../context';
import { hsdsTable } from '../model';
import { nest, recordsSql, toObject, type HsdsObject, type HsdsRow } from '../records';
import { listForm, listFormSql } from './list-form';
import type { Matches, Read } from './listing';
import type { HsdsParams } from './params';
import { matchingOrganizations, servicesOf } from './organizations.query';
import { matchingServiceAtLocations } from './service-at-locations.query';
import { matchingServices } from './services.query';
import { matchingTaxonomies, matchingTaxonomyTerms } from './taxonomies.query';

/** What the API serves at one list path and the path of its single records (`/services` and `/services/{id}`). */
interface Resource {
  /** The HSDS table of its records (Beacon's table of that name). */
  table: string;
  /** The records matching the reader's parameters; null when nothing can. */
  matches: (ctx: Context, params: HsdsParams) => Promise<Matches | null>;
  /** Whether the list shows its records in their full (compiled, nested) form, as a single record always is. */
  listsFull: (params: HsdsParams) => boolean;
  /** The full form of records of the table. */
  full: (em: EntityManager, rows: HsdsRow[], params: HsdsParams) => Promise<HsdsObject[]>;
}

const byId = <T>(rows: HsdsRow[], objects: T[]) => new Map(rows.map((row, i) => [String(row.id), objects[i]]));

/** compiled/service_at_location.json: nested, with its service in full but for the service's own service_at_locations (this record again). */
async function fullServiceAtLocations(em: EntityManager, rows: HsdsRow[]): Promise<HsdsObject[]> {
  const objects = await nest(em, 'service_at_location', rows);
  const serviceIds = [...new Set(rows.map((row) => row.service_id))];
  const serviceRows: HsdsRow[] = await em.query(`${recordsSql(hsdsTable('service'), 'r.id = ANY ($1::uuid[])')} ORDER BY r.id`, [serviceIds]);
  const services = byId(serviceRows, await nest(em, 'service', serviceRows, {}, ['service_at_location']));
  rows.forEach((row, i) => {
    const service = services.get(String(row.service_id));
    if (service) objects[i].service = service;
  });
  return objects;
}

/**
 * compiled/organization.json: nested, with its services of the asked statuses (ACTIVE unless the
 * reader says), each in full with full_service, otherwise its own fields only.
 */
async function fullOrganizations(em: EntityManager, rows: HsdsRow[], params: HsdsParams): Promise<HsdsObject[]> {
  const objects = await nest(em, 'organization', rows);
  const serviceRows = await servicesOf(em, rows.map((row) => String(row.id)), params.statuses);
  const services = params.fullService ? await nest(em, 'service', serviceRows, {}, ['organization']) : serviceRows.map((row) => toObject(hsdsTable('service'), row));
  const byOrganization = groupedByKey(rows.map((row) => String(row.id)), services, (_service, i) => String(serviceRows[i].organization_id));
  rows.forEach((_row, i) => (objects[i].services = byOrganization[i]));
  return objects;
}

export const RESOURCES = {
  '/services': { table: 'service', matches: matchingServices, listsFull: (p) => p.full, full: (em, rows) => nest(em, 'service', rows) },
  '/service_at_locations': { table: 'service_at_location', matches: matchingServiceAtLocations, listsFull: (p) => p.full, full: fullServiceAtLocations },
  '/organizations': { table: 'organization', matches: matchingOrganizations, listsFull: (p) => p.full || p.fullService, full: fullOrganizations },
  '/taxonomies': { table: 'taxonomy', matches: async (_ctx, p) => matchingTaxonomies(p), listsFull: () => false, full: (em, rows) => nest(em, 'taxonomy', rows) },
  '/taxonomy_terms': {
    table: 'taxonomy_term',
    matches: async (_ctx, p) => matchingTaxonomyTerms(p),
    listsFull: () => false,
    full: (em, rows) => nest(em, 'taxonomy_term', rows),
  },
} satisfies Record<string, Resource>;

export type ListPath = keyof typeof RESOURCES;

/** How a list reads its records (`read`, SQL over the page's ids) and makes them HSDS JSON. */
interface Form {
  read: Read;
  shape: (em: EntityManager, rows: HsdsRow[]) => Promise<HsdsObject[]>;
}

/** The form of a list's records: minimal (a service's id and last_modified), full (nested), or the list form (one-to-one parts). */
export function formOf(resource: Resource, params: HsdsParams): Form {
  const table = hsdsTable(resource.table);
  if (params.minimal) {
    return {
      read: (ids) => `SELECT minimal.id, minimal.last_modified FROM (${recordsSql(table, `r.id IN (${ids})`)}) minimal`,
      shape: async (_em, rows) => rows.map((row) => toObject(table, row)),
    };
  }
  if (resource.listsFull(params)) {
    return { read: (ids) => recordsSql(table, `r.id IN (${ids})`), shape: (em, rows) => resource.full(em, rows, params) };
  }
  return { read: (ids) => listFormSql(resource.table, ids), shape: async (_em, rows) => rows.map((row) => listForm(resource.table, row)) };
}
