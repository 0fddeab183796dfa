import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { organizationLoaders, userLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { User } from '../people/user.entity';
import { Consent, isActive } from './consent.entity';
import { recordConsent, revokeConsent } from './consents.service';
import { RecordConsentInput } from './inputs';
import { ConsentPayload } from './payloads';

@Resolver(() => Consent)
export class ConsentResolver {
  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => ConsentPayload)
  async recordConsent(@Ctx() ctx: Context, @Arg('input') input: RecordConsentInput) {
    return { consent: await recordConsent(ctx, input) };
  }

  @Authorized(Role.COACH, Role.SUPERVISOR)
  @Mutation(() => ConsentPayload)
  async revokeConsent(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return { consent: await revokeConsent(ctx, id) };
  }

  @FieldResolver(() => Boolean, { description: 'Granted, not revoked, not expired.' })
  active(@Root() consent: Consent) {
    return isActive(consent);
  }

  @FieldResolver(() => Organization)
  organization(@Root() consent: Consent, @Ctx() ctx: Context) {
    return ctx.load(organizationLoaders).byId.load(consent.organizationId);
  }

  @FieldResolver(() => User)
  recordedBy(@Root() consent: Consent, @Ctx() ctx: Context) {
    return ctx.load(userLoaders).byId.load(consent.recordedById);
  }
}
