import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Address } from './address.entity';
import { locationLoaders } from './loaders';
import { Location } from './location.entity';
import { maySeeLocation } from './location.policy';
import { Phone } from './phone.entity';
import { Schedule } from './schedule.entity';

/** Where a location is (address, coordinates) passes the confidential-location rule; the rest is public. */
@Resolver(() => Location)
export class LocationResolver {
  @FieldResolver(() => Address, { nullable: true })
  async address(@Root() location: Location, @Ctx() ctx: Context) {
    return maySeeLocation(ctx.viewer, location) ? ctx.load(locationLoaders).address.load(location.id) : null;
  }

  @FieldResolver(() => Float, { nullable: true })
  latitude(@Root() location: Location, @Ctx() ctx: Context) {
    return maySeeLocation(ctx.viewer, location) ? location.latitude : null;
  }

  @FieldResolver(() => Float, { nullable: true })
  longitude(@Root() location: Location, @Ctx() ctx: Context) {
    return maySeeLocation(ctx.viewer, location) ? location.longitude : null;
  }

  @FieldResolver(() => [Phone])
  phones(@Root() location: Location, @Ctx() ctx: Context) {
    return ctx.load(locationLoaders).phones.load(location.id);
  }

  @FieldResolver(() => [Schedule])
  schedules(@Root() location: Location, @Ctx() ctx: Context) {
    return ctx.load(locationLoaders).schedules.load(location.id);
  }
}
