import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { taxonomyLoaders } from './loaders';
import { TaxonomyTerm } from './taxonomy-term.entity';
import { taxonomyTerms } from './taxonomy.service';

@Resolver(() => TaxonomyTerm)
export class TaxonomyResolver {
  @Query(() => [TaxonomyTerm], { description: 'Top-level terms when parentCode is null.' })
  taxonomyTerms(@Ctx() ctx: Context, @Arg('parentCode', () => String, { nullable: true }) parentCode?: string | null) {
    return taxonomyTerms(ctx, parentCode);
  }

  @FieldResolver(() => TaxonomyTerm, { nullable: true })
  parent(@Root() term: TaxonomyTerm, @Ctx() ctx: Context) {
    return term.parentId ? ctx.load(taxonomyLoaders).byId.load(term.parentId) : null;
  }

  @FieldResolver(() => [TaxonomyTerm])
  children(@Root() term: TaxonomyTerm, @Ctx() ctx: Context) {
    return ctx.load(taxonomyLoaders).children.load(term.id);
  }
}
