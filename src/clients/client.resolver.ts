import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionType } from '../common/pagination';
import { Role } from '../people/enums';
import { User } from '../people/user.entity';
import { Client } from './client.entity';
import { assignedCoachOf, consentsOf, goalsOf } from './client-view';
import { createClient, getClient, listClients, updateClient } from './clients.service';
import { Consent } from './consent.entity';
import { Goal } from './goal.entity';
import { CreateClientInput, UpdateClientInput } from './inputs';
import { ClientPayload } from './payloads';

const ClientConnection = ConnectionType('Client', Client);
const CASELOAD = [Role.COACH, Role.SUPERVISOR];

@Resolver(() => Client)
export class ClientResolver {
  @Authorized(...CASELOAD)
  @Query(() => ClientConnection, { description: "Coaches: their own clients; supervisors: their organization's." })
  clients(
    @Ctx() ctx: Context,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listClients(ctx, { search, first, after });
  }

  @Authorized(Role.COACH, Role.SUPERVISOR, Role.AGENCY_STAFF, Role.ADMIN)
  @Query(() => Client, {
    nullable: true,
    description: 'Coaches: their assigned clients; supervisors: their organization\'s; agency staff: clients of referrals their organization received once sent (alias only through one entered in error); admins: any, alias only.',
  })
  client(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return getClient(ctx, id);
  }

  @Authorized(...CASELOAD)
  @Mutation(() => ClientPayload)
  async createClient(@Ctx() ctx: Context, @Arg('input') input: CreateClientInput) {
    return { client: await createClient(ctx, input) };
  }

  @Authorized(...CASELOAD)
  @Mutation(() => ClientPayload)
  async updateClient(@Ctx() ctx: Context, @Arg('input') input: UpdateClientInput) {
    return { client: await updateClient(ctx, input) };
  }

  @FieldResolver(() => User, { nullable: true, description: 'Shown to the coach side only.' })
  assignedCoach(@Root() client: Client, @Ctx() ctx: Context) {
    return assignedCoachOf(ctx, client);
  }

  @FieldResolver(() => [Consent], { description: 'The coach side only; empty for everyone else.' })
  consents(@Root() client: Client, @Ctx() ctx: Context) {
    return consentsOf(ctx, client);
  }

  @FieldResolver(() => [Goal], { description: 'The coach side only; empty for everyone else.' })
  goals(@Root() client: Client, @Ctx() ctx: Context) {
    return goalsOf(ctx, client);
  }
}
