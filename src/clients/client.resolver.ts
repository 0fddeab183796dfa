import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionType } from '../common/pagination';
import { Role } from '../people/enums';
import { userLoaders } from '../people/loaders';
import { User } from '../people/user.entity';
import { Client, type PersonalField } from './client.entity';
import { isCoachSide } from './client.policy';
import { createClient, getClient, listClients, showsPersonalFields, updateClient } from './clients.service';
import { Consent } from './consent.entity';
import { Goal } from './goal.entity';
import { CreateClientInput, UpdateClientInput } from './inputs';
import { consentLoaders, goalLoaders } from './loaders';
import { ClientPayload } from './payloads';

const ClientConnection = ConnectionType('Client', Client);
const CASELOAD = [Role.COACH, Role.SUPERVISOR];

async function personal<F extends PersonalField>(ctx: Context, client: Client, field: F): Promise<Client[F] | null> {
  return (await showsPersonalFields(ctx, client)) ? client[field] : null;
}

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
    description: 'Coaches: their assigned clients; supervisors: their organization\'s; agency staff: clients of referrals their organization received; admins: any, alias only.',
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

  @FieldResolver(() => String, { nullable: true })
  firstName(@Root() client: Client, @Ctx() ctx: Context) {
    return personal(ctx, client, 'firstName');
  }

  @FieldResolver(() => String, { nullable: true })
  lastName(@Root() client: Client, @Ctx() ctx: Context) {
    return personal(ctx, client, 'lastName');
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() client: Client, @Ctx() ctx: Context) {
    return personal(ctx, client, 'phone');
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() client: Client, @Ctx() ctx: Context) {
    return personal(ctx, client, 'email');
  }

  @FieldResolver(() => Int, { nullable: true })
  birthYear(@Root() client: Client, @Ctx() ctx: Context) {
    return personal(ctx, client, 'birthYear');
  }

  @FieldResolver(() => String, { nullable: true })
  postalCode(@Root() client: Client, @Ctx() ctx: Context) {
    return personal(ctx, client, 'postalCode');
  }

  @FieldResolver(() => User, { nullable: true, description: 'Shown to the coach side only.' })
  assignedCoach(@Root() client: Client, @Ctx() ctx: Context) {
    if (!client.assignedCoachId || !isCoachSide(ctx.viewer, client)) return null;
    return ctx.load(userLoaders).byId.load(client.assignedCoachId);
  }

  @FieldResolver(() => [Consent], { description: 'The coach side only; empty for everyone else.' })
  consents(@Root() client: Client, @Ctx() ctx: Context) {
    return isCoachSide(ctx.viewer, client) ? ctx.load(consentLoaders).byClient.load(client.id) : [];
  }

  @FieldResolver(() => [Goal], { description: 'The coach side only; empty for everyone else.' })
  goals(@Root() client: Client, @Ctx() ctx: Context) {
    return isCoachSide(ctx.viewer, client) ? ctx.load(goalLoaders).byClient.load(client.id) : [];
  }
}
