import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * beacon_webhook_deliveries_pending, counted at each scrape: deliveries that are due or waiting
 * for a retry. A count that keeps growing means receivers are down or the workers cannot keep
 * up. One count over the partial index of pending deliveries (webhook_delivery_pending_idx),
 * which holds nothing else, so a scrape costs what is pending, not every delivery ever made.
 */
export const PENDING_DELIVERIES = `SELECT count(*) AS n FROM webhook_delivery WHERE status = 'PENDING'`;

export function registerNotificationGauges(registry: Registry, dataSource: DataSource): void {
  new Gauge({
    name: 'beacon_webhook_deliveries_pending',
    help: 'Webhook deliveries not yet delivered or failed, whichever instance will send them.',
    registers: [registry],
    async collect() {
      const [row] = await dataSource.query(PENDING_DELIVERIES);
      this.set(Number(row.n));
    },
  });
}
