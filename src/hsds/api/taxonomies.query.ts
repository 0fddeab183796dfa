import { escapeLike } from '../../common/sql';
import type { Params } from '../../directory/search.sql';
import type { Matches } from './listing';
import type { HsdsParams } from './params';

/** SQL true when any of `columns` contains `text` (any case; taxonomies are small tables, read whole). */
function containsSql(columns: string[], text: string, p: Params): string {
  const pattern = p.add(`%${escapeLike(text)}%`);
  return `(${columns.map((column) => `${column} ILIKE ${pattern}`).join(' OR ')})`;
}

const where = (conditions: string[]) => (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '');

/** /taxonomies: search over name and description. */
export function matchingTaxonomies(params: HsdsParams): Matches {
  return {
    table: 'taxonomy',
    alias: 'tx',
    narrow: true,
    ids: (p, from) => `SELECT tx.id FROM ${from}${where(params.search ? [containsSql(['tx.name', 'tx.description'], params.search, p)] : [])}`,
  };
}

/**
 * /taxonomy_terms: search over name, code and description; taxonomy_id, parent_id; top_only, the
 * terms with no parent, as the parameter's name says (openapi.json's description, "that have not
 * child terms", reads as the opposite end of the tree, but a "top only" of leaves would be odd).
 */
export function matchingTaxonomyTerms(params: HsdsParams): Matches {
  return {
    table: 'taxonomy_term',
    alias: 'tt',
    narrow: true,
    ids: (p, from) => {
      const conditions: string[] = [];
      if (params.search) conditions.push(containsSql(['tt.name', 'tt.code', 'tt.description'], params.search, p));
      if (params.taxonomyId) conditions.push(`tt.taxonomy_id = ${p.add(params.taxonomyId)}::uuid`);
      if (params.parentId) conditions.push(`tt.parent_id = ${p.add(params.parentId)}::uuid`);
      if (params.topOnly) conditions.push('tt.parent_id IS NULL');
      return `SELECT tt.id FROM ${from}${where(conditions)}`;
    },
  };
}
