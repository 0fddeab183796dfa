import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Role } from '../people/enums';
import { organizationLoaders } from '../people/loaders';
import { Organization } from '../people/organization.entity';
import { CreateWebhookInput } from './inputs';
import { CreateWebhookPayload, WebhookDeliveryConnection, WebhookPayload } from './payloads';
import { Webhook } from './webhook.entity';
import { createWebhook, deleteWebhook, deliveriesOf, listWebhooks } from './webhooks.service';

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_STAFF, Role.SUPERVISOR)
  @Query(() => [Webhook], { description: "Agency staff and supervisors: their organization's webhooks. Admins: any organization's, or all." })
  webhooks(@Ctx() ctx: Context, @Arg('organizationId', () => ID, { nullable: true }) organizationId?: string) {
    return listWebhooks(ctx, organizationId);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_STAFF, Role.SUPERVISOR)
  @Mutation(() => CreateWebhookPayload, { description: 'Agency staff and supervisors for their own organization; admins for any.' })
  createWebhook(@Ctx() ctx: Context, @Arg('input') input: CreateWebhookInput) {
    return createWebhook(ctx, input);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_STAFF, Role.SUPERVISOR)
  @Mutation(() => WebhookPayload)
  async deleteWebhook(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return { webhook: await deleteWebhook(ctx, id) };
  }

  @FieldResolver(() => Organization)
  organization(@Root() webhook: Webhook, @Ctx() ctx: Context) {
    return ctx.load(organizationLoaders).byId.load(webhook.organizationId);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Newest first.' })
  deliveries(
    @Root() webhook: Webhook,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return deliveriesOf(ctx, webhook, first, after);
  }
}
