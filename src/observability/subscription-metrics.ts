import { Gauge, type Registry } from 'prom-client';

export interface SubscriptionCounts {
  sockets(): number;
  subscriptions(): number;
}

/** beacon_subscription_sockets and beacon_subscriptions, read at each scrape: how close the instance is to SUBSCRIPTION_SOCKETS, and how many listeners each event is matched against. */
export function registerSubscriptionGauges(registry: Registry, counts: SubscriptionCounts): void {
  new Gauge({
    name: 'beacon_subscription_sockets',
    help: 'Open graphql-ws sockets on /graphql.',
    registers: [registry],
    collect() {
      this.set(counts.sockets());
    },
  });
  new Gauge({
    name: 'beacon_subscriptions',
    help: 'Subscriptions listening for referral updates on this instance.',
    registers: [registry],
    collect() {
      this.set(counts.subscriptions());
    },
  });
}
