import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ServiceCapacity } from './capacity.entity';

@Resolver(() => ServiceCapacity)
export class CapacityResolver {
  @FieldResolver(() => Boolean, { description: 'True when the figure is older than the configured freshness window (default 48 h).' })
  stale(@Root() capacity: ServiceCapacity, @Ctx() ctx: Context): boolean {
    return Date.now() - capacity.updatedAt.getTime() > ctx.config.capacityStaleHours * 3_600_000;
  }
}
