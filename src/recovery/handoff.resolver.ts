import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { ClientPayload } from '../clients/payloads';
import { userLoaders } from '../people/loaders';
import { User } from '../people/user.entity';
import { Handoff } from '../clients/handoff.entity';
import { handOffClient } from './handoffs.service';
import { HandOffClientInput } from './inputs';

@Resolver(() => Handoff)
export class HandoffResolver {
  // Coach side only: a role that may never do this is FORBIDDEN (whatever the client), a coach or supervisor out of reach NOT_FOUND.
  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => ClientPayload, { description: "The client's coach and supervisors of its organization." })
  async handOffClient(@Ctx() ctx: Context, @Arg('input') input: HandOffClientInput) {
    return { client: await handOffClient(ctx, input) };
  }

  @FieldResolver(() => User, { nullable: true, description: 'Null when the client had no coach.' })
  from(@Root() handoff: Handoff, @Ctx() ctx: Context) {
    return handoff.fromCoachId ? ctx.load(userLoaders).byId.load(handoff.fromCoachId) : null;
  }

  @FieldResolver(() => User)
  to(@Root() handoff: Handoff, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(handoff.toCoachId);
  }
}
