import DataLoader from 'dataloader';
import type { Context } from '../context';
import { batchedByArguments, groupedByKey } from '../common/loaders';
import { Keyset, type Edge } from '../common/pagination';
import { WebhookDelivery } from './webhook-delivery.entity';

/** Webhook.deliveries: newest first. */
export const NEWEST_FIRST = new Keyset('DESC', [
  { sql: 'd.created_at', part: 'instant' },
  { sql: 'd.id', part: 'uuid' },
]);

interface DeliveryPageKey {
  webhookId: string;
  limit: number;
  after: unknown[] | null;
}

/**
 * Deliveries of the webhooks a request lists: one statement for every webhook's page (per page
 * size and cursor) and one for every webhook's count. The webhooks were reached first, so their
 * deliveries need no access rule of their own.
 */
export const webhookLoaders = (ctx: Context) => ({
  pageByWebhook: new DataLoader<DeliveryPageKey, Edge<WebhookDelivery>[], string>(
    (keys) =>
      batchedByArguments(
        keys,
        (key) => `${key.limit}|${JSON.stringify(key.after)}`,
        async (group) => {
          const webhookIds = group.map((k) => k.webhookId);
          const edges = await NEWEST_FIRST.edgesPerParent(ctx.em.createQueryBuilder(WebhookDelivery, 'd'), 'webhook_id', webhookIds, group[0]);
          return groupedByKey(webhookIds, edges, (edge) => edge.node.webhookId);
        },
      ),
    { cacheKeyFn: (key) => `${key.webhookId}|${key.limit}|${JSON.stringify(key.after)}` },
  ),

  countByWebhook: new DataLoader<string, number>(async (webhookIds) => {
    const rows: { webhookId: string; count: string }[] = await ctx.em
      .createQueryBuilder(WebhookDelivery, 'd')
      .select('d.webhook_id', 'webhookId')
      .addSelect('count(*)', 'count')
      .where('d.webhook_id = ANY(:webhookIds)', { webhookIds: [...webhookIds] })
      .groupBy('d.webhook_id')
      .getRawMany();
    const counts = new Map(rows.map((row) => [row.webhookId, Number(row.count)]));
    return webhookIds.map((id) => counts.get(id) ?? 0);
  }),
});
