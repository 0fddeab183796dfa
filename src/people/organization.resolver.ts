import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionType } from '../common/pagination';
import { OrganizationKind, Role } from './enums';
import { CreateOrganizationInput, UpdateOrganizationInput } from './inputs';
import { Organization } from './organization.entity';
import { createOrganization, getOrganization, listOrganizations, updateOrganization } from './organizations.service';
import { OrganizationPayload } from './payloads';

const OrganizationConnection = ConnectionType('Organization', Organization);

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection)
  organizations(
    @Ctx() ctx: Context,
    @Arg('kinds', () => [OrganizationKind], { nullable: true }) kinds?: OrganizationKind[],
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listOrganizations(ctx, { kinds, search, first, after });
  }

  @Query(() => Organization, { nullable: true })
  organization(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return getOrganization(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => OrganizationPayload, { description: 'Admins.' })
  async createOrganization(@Ctx() ctx: Context, @Arg('input') input: CreateOrganizationInput) {
    return { organization: await createOrganization(ctx, input) };
  }

  @Authorized(Role.ADMIN, Role.AGENCY_STAFF)
  @Mutation(() => OrganizationPayload, { description: 'Admins, and agency staff for their own organization.' })
  async updateOrganization(@Ctx() ctx: Context, @Arg('input') input: UpdateOrganizationInput) {
    return { organization: await updateOrganization(ctx, input) };
  }
}
