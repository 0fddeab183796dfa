import type { Pool } from 'pg';
import type { DeliveredEvent } from './webhook-body';

/**
 * How long a claimed attempt is an instance's alone: longer than an attempt can take (10 s),
 * so no other instance sends it meanwhile, and short enough that an attempt whose instance
 * died is retried soon after.
 */
export const LEASE_SECONDS = 60;

/** One claimed attempt: which delivery, the attempt's number (its claim) and what to send where. */
export interface Claim {
  deliveryId: string;
  webhookId: string;
  attempt: number;
  eventId: string;
  url: string;
  secret: string;
  active: boolean;
  event: DeliveredEvent;
}

/**
 * Claims up to `limit` due attempts in one short statement: the rows are locked with SKIP
 * LOCKED (two instances never pick the same one), their attempt count goes up and they are
 * leased until now + LEASE_SECONDS (so the claim holds after this statement commits, and an
 * instance that dies mid-attempt leaves the row due again once the lease runs out).
 */
export async function claimDue(db: Pool, limit: number): Promise<Claim[]> {
  const { rows } = await db.query(
    `WITH due AS (
       SELECT id FROM webhook_delivery
       WHERE status = 'PENDING' AND next_attempt_at <= now()
       ORDER BY next_attempt_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE webhook_delivery d
     SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
     FROM due, webhook w, referral_update e
     WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id
     RETURNING d.id, d.webhook_id, d.attempts, d.event_id, w.url, w.secret, w.active,
       e.kind, e.at, e.referral_id, e.status, e.version, e.receiving_organization_id, e.referring_organization_id`,
    [limit, LEASE_SECONDS],
  );
  return rows.map((r) => ({
    deliveryId: r.id,
    webhookId: r.webhook_id,
    attempt: r.attempts,
    eventId: r.event_id,
    url: r.url,
    secret: r.secret,
    active: r.active,
    event: {
      kind: r.kind,
      at: r.at,
      referralId: r.referral_id,
      status: r.status,
      version: r.version,
      receivingOrganizationId: r.receiving_organization_id,
      referringOrganizationId: r.referring_organization_id,
    },
  }));
}

/** What became of an attempt: delivered, to be retried after `retryInSeconds`, or failed for good. */
export type Result =
  | { status: 'DELIVERED'; responseStatus: number }
  | { status: 'PENDING'; responseStatus: number | null; retryInSeconds: number }
  | { status: 'FAILED'; responseStatus: number | null };

/**
 * Records an attempt's result. Only the claim that made this attempt may (the attempt count
 * still its own, the delivery still PENDING): a delivery that was stopped meanwhile (its
 * webhook deleted) or re-claimed after a lost lease keeps what the other writer gave it.
 */
export async function settle(db: Pool, claim: Claim, result: Result): Promise<void> {
  await db.query(
    `UPDATE webhook_delivery
     SET status = $3, last_response_status = $4,
       next_attempt_at = CASE WHEN $3 = 'PENDING' THEN now() + make_interval(secs => $5) END,
       delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() END
     WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`,
    [claim.deliveryId, claim.attempt, result.status, result.responseStatus, result.status === 'PENDING' ? result.retryInSeconds : 0],
  );
}

/** Gives back an attempt that was cut short by this instance stopping: due again now, as if never begun. */
export async function release(db: Pool, claim: Claim): Promise<void> {
  await db.query(
    `UPDATE webhook_delivery SET attempts = attempts - 1, next_attempt_at = now()
     WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`,
    [claim.deliveryId, claim.attempt],
  );
}
