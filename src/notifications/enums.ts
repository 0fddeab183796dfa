import { registerEnumType } from 'type-graphql';

/** What a committed change did to a referral; the webhook body's `type` is derived from it. */
export enum ReferralUpdateKind {
  CREATED = 'CREATED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  NOTE_ADDED = 'NOTE_ADDED',
  OUTCOME_RECORDED = 'OUTCOME_RECORDED',
}

registerEnumType(ReferralUpdateKind, { name: 'ReferralUpdateKind' });

/** Where a webhook delivery stands: PENDING until an attempt gets a 2xx (DELIVERED) or the retries run out (FAILED). */
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });
