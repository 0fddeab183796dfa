import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from './enums';
import { Grant } from './grant.entity';
import { createGrant, listGrants } from './grants.service';
import { CreateGrantInput } from './inputs';
import { organizationLoaders } from './loaders';
import { Organization } from './organization.entity';
import { GrantPayload } from './payloads';

@Resolver(() => Grant)
export class GrantResolver {
  @Authorized(Role.ADMIN, Role.FUNDER)
  @Query(() => [Grant], { description: 'Funders: the grants they give. Admins: all, narrowed by the arguments.' })
  grants(
    @Ctx() ctx: Context,
    @Arg('funderId', () => ID, { nullable: true }) funderId?: string,
    @Arg('granteeId', () => ID, { nullable: true }) granteeId?: string,
  ) {
    return listGrants(ctx, { funderId, granteeId });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => GrantPayload, { description: 'Admins.' })
  async createGrant(@Ctx() ctx: Context, @Arg('input') input: CreateGrantInput) {
    return { grant: await createGrant(ctx, input) };
  }

  @FieldResolver(() => Organization)
  funder(@Root() grant: Grant, @Ctx() ctx: Context) {
    return ctx.load(organizationLoaders).byId.load(grant.funderId);
  }

  @FieldResolver(() => Organization)
  grantee(@Root() grant: Grant, @Ctx() ctx: Context) {
    return ctx.load(organizationLoaders).byId.load(grant.granteeId);
  }
}
