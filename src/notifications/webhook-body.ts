import { ReferralUpdateKind } from './enums';

/** The event as a delivery reads it from the outbox. */
export interface DeliveredEvent {
  kind: ReferralUpdateKind;
  at: Date;
  referralId: string;
  status: string;
  version: number;
  receivingOrganizationId: string;
  referringOrganizationId: string;
}

const TYPES: Record<ReferralUpdateKind, string> = {
  [ReferralUpdateKind.CREATED]: 'referral.created',
  [ReferralUpdateKind.STATUS_CHANGED]: 'referral.status_changed',
  [ReferralUpdateKind.NOTE_ADDED]: 'referral.note_added',
  [ReferralUpdateKind.OUTCOME_RECORDED]: 'referral.outcome_recorded',
};

/**
 * The JSON a webhook receives: what changed and where the referral stands, never a name, note,
 * reason or anything else about a person (receivers fetch what they may see through the API).
 * Built from the event alone, so every attempt sends the same bytes.
 */
export function webhookBody(event: DeliveredEvent): string {
  return JSON.stringify({
    type: TYPES[event.kind],
    timestamp: event.at.toISOString(),
    data: {
      referralId: event.referralId,
      status: event.status,
      version: event.version,
      receivingOrganizationId: event.receivingOrganizationId,
      referringOrganizationId: event.referringOrganizationId,
    },
  });
}
