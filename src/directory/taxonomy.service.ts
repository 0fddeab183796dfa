import { In, IsNull } from 'typeorm';
import type { Context } from '../context';
import type { FieldProblems } from '../common/errors';
import { BEACON_TAXONOMY_ID, TaxonomyTerm } from './taxonomy-term.entity';

/** The children of `parentCode` (top-level terms when null), in the taxonomy's order; an unknown code has none. */
export async function taxonomyTerms(ctx: Context, parentCode: string | null | undefined): Promise<TaxonomyTerm[]> {
  if (parentCode == null) return ctx.em.find(TaxonomyTerm, { where: { parentId: IsNull(), taxonomyId: BEACON_TAXONOMY_ID }, order: { position: 'ASC' } });
  return ctx.em
    .createQueryBuilder(TaxonomyTerm, 't')
    .innerJoin(TaxonomyTerm, 'p', 'p.id = t.parent_id')
    .where('p.code = :parentCode AND p.taxonomy_id = :beacon AND t.taxonomy_id = :beacon', { parentCode, beacon: BEACON_TAXONOMY_ID })
    .orderBy('t.position')
    .getMany();
}

/** The terms for `codes`, in their order; an unknown code is a problem at `path.<index>`. */
export async function termsForCodes(ctx: Context, codes: string[], path: string, problems: FieldProblems): Promise<TaxonomyTerm[]> {
  const unique = [...new Set(codes)];
  const terms = unique.length ? await ctx.em.findBy(TaxonomyTerm, { code: In(unique), taxonomyId: BEACON_TAXONOMY_ID }) : [];
  const byCode = new Map(terms.map((t) => [t.code, t]));
  codes.forEach((code, i) => problems.check(byCode.has(code), `${path}.${i}`, 'is not a known taxonomy code'));
  return unique.flatMap((code) => byCode.get(code) ?? []);
}
