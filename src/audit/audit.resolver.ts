import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { userLoaders } from '../people/loaders';
import { User } from '../people/user.entity';
import { AuditEvent } from './audit-event.entity';
import { listAuditEvents } from './audit-events.service';
import { AuditEventConnection, AuditFilter } from './audit.types';

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized(Role.ADMIN, Role.SUPERVISOR)
  @Query(() => AuditEventConnection, { description: "Admins: all. Supervisors: events on their organization's clients." })
  auditEvents(
    @Ctx() ctx: Context,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter?: AuditFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listAuditEvents(ctx, filter, first, after);
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() event: AuditEvent, @Ctx() ctx: Context) {
    return event.actorId ? ctx.load(userLoaders).byId.load(event.actorId) : null;
  }
}
