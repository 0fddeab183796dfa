import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { organizationLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { ServiceCapacity } from './capacity.entity';
import { CostOption } from './cost-option.entity';
import { CreateServiceInput, UpdateCapacityInput, UpdateServiceInput } from './inputs';
import { serviceLoaders } from './loaders';
import { Location } from './location.entity';
import { Service } from './service.entity';
import { createService, getService, updateCapacity, updateService, verifyService } from './services.service';
import { TaxonomyTerm } from './taxonomy-term.entity';
import { Eligibility, ServicePayload } from './types';

const MANAGERS = [Role.AGENCY_STAFF, Role.ADMIN];

@Resolver(() => Service)
export class ServiceResolver {
  @Query(() => Service, { nullable: true })
  service(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return getService(ctx, id);
  }

  @Authorized(MANAGERS)
  @Mutation(() => ServicePayload, { description: 'Agency staff for their own organization; admins for any.' })
  async createService(@Ctx() ctx: Context, @Arg('input') input: CreateServiceInput) {
    return { service: await createService(ctx, input) };
  }

  @Authorized(MANAGERS)
  @Mutation(() => ServicePayload)
  async updateService(@Ctx() ctx: Context, @Arg('input') input: UpdateServiceInput) {
    return { service: await updateService(ctx, input) };
  }

  @Authorized(MANAGERS)
  @Mutation(() => ServicePayload)
  async updateCapacity(@Ctx() ctx: Context, @Arg('input') input: UpdateCapacityInput) {
    return { service: await updateCapacity(ctx, input) };
  }

  @Authorized(MANAGERS)
  @Mutation(() => ServicePayload, { description: 'Confirms the listing is accurate today (HSDS assured_date).' })
  async verifyService(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return { service: await verifyService(ctx, id) };
  }

  @FieldResolver(() => Organization)
  organization(@Root() service: Service, @Ctx() ctx: Context) {
    return ctx.load(organizationLoaders).byId.load(service.organizationId);
  }

  @FieldResolver(() => [TaxonomyTerm])
  taxonomyTerms(@Root() service: Service, @Ctx() ctx: Context) {
    return ctx.load(serviceLoaders).taxonomyTerms.load(service.id);
  }

  @FieldResolver(() => [Location])
  locations(@Root() service: Service, @Ctx() ctx: Context) {
    return ctx.load(serviceLoaders).locations.load(service.id);
  }

  @FieldResolver(() => ServiceCapacity, { nullable: true })
  capacity(@Root() service: Service, @Ctx() ctx: Context) {
    return ctx.load(serviceLoaders).capacity.load(service.id);
  }

  @FieldResolver(() => [String], { description: 'ISO 639 codes of the languages the service is delivered in.' })
  languages(@Root() service: Service, @Ctx() ctx: Context) {
    return ctx.load(serviceLoaders).languages.load(service.id);
  }

  @FieldResolver(() => Eligibility)
  eligibility(@Root() service: Service): Eligibility {
    return { minimumAge: service.minimumAge, maximumAge: service.maximumAge, populations: service.populations, description: service.eligibilityDescription };
  }

  @FieldResolver(() => [CostOption])
  costOptions(@Root() service: Service, @Ctx() ctx: Context) {
    return ctx.load(serviceLoaders).costOptions.load(service.id);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Open at this moment; null when no location has hours.' })
  openNow(@Root() service: Service, @Ctx() ctx: Context) {
    return ctx.load(serviceLoaders).openNow.load(service.id);
  }
}
