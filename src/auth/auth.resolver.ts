import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { AuthPayload } from '../people/payloads';
import { User } from '../people/user.entity';
import { login } from './auth.service';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Anonymous. Wrong email or password: UNAUTHENTICATED, the same for both.' })
  login(@Ctx() ctx: Context, @Arg('email') email: string, @Arg('password') password: string) {
    return login(ctx, email, password);
  }

  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  viewer(@Ctx() ctx: Context) {
    return ctx.viewer;
  }
}
