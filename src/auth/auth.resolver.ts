import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ChangePasswordInput } from '../people/inputs';
import { AuthPayload } from '../people/payloads';
import { User } from '../people/user.entity';
import { changePassword, login } from './auth.service';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, {
    description:
      'Anonymous. Wrong email or password: UNAUTHENTICATED, the same for both. After 5 failed sign-ins for an email within 15 minutes, RATE_LIMITED for 15 minutes, right password or not.',
  })
  login(@Ctx() ctx: Context, @Arg('email') email: string, @Arg('password') password: string) {
    return login(ctx, email, password);
  }

  @Authorized()
  @Mutation(() => AuthPayload, {
    description: 'Any signed-in user. Returns a fresh token; every token issued to this user before the change stops working.',
  })
  changePassword(@Ctx() ctx: Context, @Arg('input') input: ChangePasswordInput) {
    return changePassword(ctx, input);
  }

  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  viewer(@Ctx() ctx: Context) {
    return ctx.viewer;
  }
}
