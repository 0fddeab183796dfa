import type { Params } from '../../directory/search.sql';
import type { HsdsParams } from './params';

/**
 * SQL selecting the ids of the records an attribute links to the reader's taxonomy_term_id, and
 * those linked to any term of their taxonomy_id: one subquery per parameter given, each to hold.
 * A list applies them to its records and to the records they stand for (a service at a location,
 * its service; an organization, its services).
 */
export function taxonomyLinks(params: HsdsParams, p: Params): string[] {
  const links: string[] = [];
  if (params.taxonomyTermId) links.push(`SELECT a.link_id FROM attribute a WHERE a.taxonomy_term_id = ${p.add(params.taxonomyTermId)}::uuid`);
  if (params.taxonomyId) {
    links.push(`SELECT a.link_id FROM attribute a JOIN taxonomy_term tt ON tt.id = a.taxonomy_term_id WHERE tt.taxonomy_id = ${p.add(params.taxonomyId)}::uuid`);
  }
  return links;
}
