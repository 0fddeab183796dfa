import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Selection } from '../common/selection';
import { ServiceSearchInput } from './inputs';
import { searchServices } from './search.service';
import { servicePartsOf } from './service-cards';
import { ServiceSearchConnection } from './types';

@Resolver()
export class SearchResolver {
  @Query(() => ServiceSearchConnection, { description: 'Public: anonymous callers may search. Confidential addresses are withheld from them.' })
  searchServices(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ServiceSearchInput) filter: ServiceSearchInput,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const selection = Selection.of(info);
    return searchServices(ctx, filter, {
      first,
      after,
      withCounts: selection.has('totalCount', 'facets', 'countsAreEstimates'),
      parts: servicePartsOf(selection.under('edges').under('node')),
    });
  }
}
