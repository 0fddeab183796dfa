import type { EntityManager } from 'typeorm';
import type { Context } from '../../context';
import { hsdsTable } from '../model';
import { recordsSql, type HsdsRow } from '../records';
import type { Matches } from './listing';
import type { HsdsParams } from './params';
import { matchingServicesSql, serviceCriteria } from './services.query';
import { taxonomyLinks } from './taxonomy-links.query';

/**
 * /organizations: with search, the organizations of the services the directory's search finds
 * (its text covers the organization's name too); with taxonomy parameters, those linked to the
 * taxonomy themselves or through one of their services of the asked statuses.
 */
export async function matchingOrganizations(ctx: Context, params: HsdsParams): Promise<Matches | null> {
  const c = params.search ? await serviceCriteria(ctx, params) : null;
  if (c?.matchesNothing) return null;
  return {
    table: 'organization',
    alias: 'o',
    narrow: true,
    ids: (p, from) => {
      const where: string[] = [];
      const ofServices = (ids: string, statuses = '') => `SELECT os.organization_id FROM service os WHERE os.id IN (${ids})${statuses}`;
      if (c) where.push(`o.id IN (${ofServices(matchingServicesSql(c, params, p))})`);
      for (const links of taxonomyLinks(params, p)) {
        where.push(`(o.id IN (${links}) OR o.id IN (${ofServices(links, ` AND os.status = ANY (${p.add(params.statuses)}::text[])`)}))`);
      }
      return `SELECT o.id FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    },
  };
}

/** The services of `organizationIds` with the asked statuses (Beacon's), as HSDS records in id order: one statement. */
export function servicesOf(em: EntityManager, organizationIds: string[], statuses: string[]): Promise<HsdsRow[]> {
  const of = 'r.id IN (SELECT s.id FROM service s WHERE s.organization_id = ANY ($1::uuid[]) AND s.status = ANY ($2::text[]))';
  return em.query(`${recordsSql(hsdsTable('service'), of)} ORDER BY r.id`, [organizationIds, statuses]);
}
