import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ServiceSearchInput } from './inputs';
import { searchServices } from './search.service';
import { ServiceSearchConnection } from './types';

@Resolver()
export class SearchResolver {
  @Query(() => ServiceSearchConnection, { description: 'Public: anonymous callers may search. Confidential addresses are withheld from them.' })
  searchServices(
    @Ctx() ctx: Context,
    @Arg('filter', () => ServiceSearchInput) filter: ServiceSearchInput,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return searchServices(ctx, filter, first, after);
  }
}
