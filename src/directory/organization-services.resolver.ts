import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Selection } from '../common/selection';
import { Organization } from '../people/organization.entity';
import { ServiceStatus } from './enums';
import { servicePartsOf } from './service-cards';
import { organizationServices } from './services.service';
import { ServiceConnection } from './types';

/** Organization.services belongs to the directory; type-graphql merges it into the Organization type. */
@Resolver(() => Organization)
export class OrganizationServicesResolver {
  @FieldResolver(() => ServiceConnection, { description: "Default: every status for the organization's own staff and admins, ACTIVE for everyone else." })
  services(
    @Root() organization: Organization,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('statuses', () => [ServiceStatus], { nullable: true }) statuses?: ServiceStatus[] | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const parts = servicePartsOf(Selection.of(info).under('edges').under('node'));
    return organizationServices(ctx, organization.id, { statuses, first, after, parts });
  }
}
