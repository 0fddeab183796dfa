import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionType } from '../common/pagination';
import { dayIn } from '../common/time';
import { Certification } from './certification.entity';
import { Role } from './enums';
import { AddCertificationInput, CreateUserInput, SetUserPasswordInput } from './inputs';
import { organizationLoaders, userLoaders } from './loaders';
import { Organization } from './organization.entity';
import { CertificationPayload, UserPayload } from './payloads';
import { User } from './user.entity';
import { addCertification, createUser, deactivateUser, listUsers, setUserPassword } from './users.service';

const UserConnection = ConnectionType('User', User);

@Resolver(() => User)
export class UserResolver {
  @Authorized(Role.ADMIN, Role.SUPERVISOR)
  @Query(() => UserConnection, { description: 'Admins: everyone. Supervisors: the people of their own organization.' })
  users(
    @Ctx() ctx: Context,
    @Arg('role', () => Role, { nullable: true }) role?: Role,
    @Arg('organizationId', () => ID, { nullable: true }) organizationId?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listUsers(ctx, { role, organizationId, first, after });
  }

  @Authorized(Role.ADMIN, Role.SUPERVISOR)
  @Mutation(() => UserPayload, { description: 'Admins; supervisors may create coaches in their own organization.' })
  async createUser(@Ctx() ctx: Context, @Arg('input') input: CreateUserInput) {
    return { user: await createUser(ctx, input) };
  }

  @Authorized(Role.ADMIN, Role.SUPERVISOR)
  @Mutation(() => UserPayload)
  async deactivateUser(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return { user: await deactivateUser(ctx, id) };
  }

  @Authorized(Role.ADMIN, Role.SUPERVISOR)
  @Mutation(() => UserPayload, {
    description: 'Admins for anyone; supervisors for the coaches of their own organization. Every token of that user stops working.',
  })
  async setUserPassword(@Ctx() ctx: Context, @Arg('input') input: SetUserPasswordInput) {
    return { user: await setUserPassword(ctx, input) };
  }

  @Authorized(Role.ADMIN, Role.SUPERVISOR, Role.COACH)
  @Mutation(() => CertificationPayload)
  async addCertification(@Ctx() ctx: Context, @Arg('input') input: AddCertificationInput) {
    return { certification: await addCertification(ctx, input) };
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() user: User, @Ctx() ctx: Context) {
    return user.organizationId ? ctx.load(organizationLoaders).byId.load(user.organizationId) : null;
  }

  @FieldResolver(() => User, { nullable: true })
  supervisor(@Root() user: User, @Ctx() ctx: Context) {
    return user.supervisorId ? ctx.load(userLoaders).byId.load(user.supervisorId) : null;
  }

  @FieldResolver(() => [Certification])
  certifications(@Root() user: User, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).certifications.load(user.id);
  }
}

@Resolver(() => Certification)
export class CertificationResolver {
  @FieldResolver(() => Boolean, { description: 'False once expiresOn has passed.' })
  current(@Root() certification: Certification, @Ctx() ctx: Context) {
    return !certification.expiresOn || certification.expiresOn >= dayIn(ctx.config.defaultTimeZone);
  }
}
