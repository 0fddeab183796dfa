import type { Pool } from 'pg';
import type { DeliveredEvent } from './webhook-body';

/**
 * How long a claimed attempt is an instance's alone: six times the longest an attempt can take
 * (ATTEMPT_TIMEOUT_MS, the address lookup included), so no other instance sends it meanwhile,
 * and short enough that an attempt whose instance died is tried again soon after.
 */
export const LEASE_SECONDS = 60;

/** One claimed attempt: which delivery, the claim's token, the attempt's number and what to send where. */
export interface Claim {
  deliveryId: string;
  webhookId: string;
  /** Only the claim holding this token may record the attempt's result or hand it back. */
  claimId: string;
  /** 1 for the first attempt. */
  attempt: number;
  eventId: string;
  url: string;
  secret: string;
  active: boolean;
  event: DeliveredEvent;
}

/** A webhook's attempt is in flight while a claim holds it and its lease has not run out. */
const IN_FLIGHT = (webhookId: string) => `EXISTS (
  SELECT FROM webhook_delivery f
  WHERE f.webhook_id = ${webhookId} AND f.status = 'PENDING' AND f.claim_id IS NOT NULL AND f.next_attempt_at > now())`;

/**
 * Claims due attempts for up to `limit` webhooks: each webhook's earliest due attempt, and none
 * for a webhook that already has one in flight (in any instance), so a receiver that hangs holds
 * one attempt at a time and the others take turns with every other organization's, earliest due
 * first. Two statements in one short transaction: the first locks the chosen webhooks' rows with
 * SKIP LOCKED (two instances never choose the same webhook at once; NO KEY UPDATE, so the
 * outbox's inserts that reference them are not held up), and the second, seeing whatever claims
 * committed before those locks were taken, claims one attempt per webhook. A claim sets a new
 * claim_id and leases the row until now + LEASE_SECONDS, so an instance that dies mid-attempt
 * leaves it due again once the lease runs out; the next claim then counts the lost attempt as
 * made, since it may have been sent.
 */
export async function claimDue(db: Pool, limit: number): Promise<Claim[]> {
  const client = await db.connect();
  let broken: Error | undefined;
  // A checked-out client has no listener of the pool's: a connection cut between two of these
  // statements (the database restarting, say) would otherwise be an unhandled 'error' event, and
  // crash the process.
  const cut = (error: Error) => (broken = error);
  client.on('error', cut);
  try {
    await client.query('BEGIN');
    const { rows: chosen } = await client.query<{ id: string }>(
      `SELECT w.id
       FROM (
         SELECT DISTINCT ON (webhook_id) webhook_id, next_attempt_at
         FROM webhook_delivery
         WHERE status = 'PENDING' AND next_attempt_at <= now()
         ORDER BY webhook_id, next_attempt_at
       ) due
       JOIN webhook w ON w.id = due.webhook_id
       WHERE NOT ${IN_FLIGHT('w.id')}
       ORDER BY due.next_attempt_at, w.id
       LIMIT $1
       FOR NO KEY UPDATE OF w SKIP LOCKED`,
      [limit],
    );
    const claimed = chosen.length === 0 ? [] : (await client.query(
      `UPDATE webhook_delivery d
       SET claim_id = gen_random_uuid(),
         attempts = d.attempts + CASE WHEN d.claim_id IS NULL THEN 0 ELSE 1 END,
         next_attempt_at = now() + make_interval(secs => $2)
       FROM (
         SELECT DISTINCT ON (webhook_id) id
         FROM webhook_delivery
         WHERE webhook_id = ANY ($1) AND status = 'PENDING' AND next_attempt_at <= now()
         ORDER BY webhook_id, next_attempt_at
       ) due, webhook w, referral_update e
       WHERE d.id = due.id AND d.status = 'PENDING' AND d.next_attempt_at <= now() AND NOT ${IN_FLIGHT('d.webhook_id')}
         AND w.id = d.webhook_id AND e.id = d.event_id
       RETURNING d.id, d.webhook_id, d.claim_id, d.attempts, d.event_id, w.url, w.secret, w.active,
         e.kind, e.at, e.referral_id, e.status, e.version, e.receiving_organization_id, e.referring_organization_id`,
      [chosen.map((row) => row.id), LEASE_SECONDS],
    )).rows;
    await client.query('COMMIT');
    return claimed.map((r) => ({
      deliveryId: r.id,
      webhookId: r.webhook_id,
      claimId: r.claim_id,
      attempt: r.attempts + 1,
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
  } catch (error) {
    await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
    throw error;
  } finally {
    // A connection that could not even roll back is closed rather than handed to the next claim.
    client.off('error', cut);
    client.release(broken);
  }
}

/** What became of an attempt: delivered, to be retried after `retryInSeconds`, or failed for good. */
export type Result =
  | { status: 'DELIVERED'; responseStatus: number }
  | { status: 'PENDING'; responseStatus: number | null; retryInSeconds: number }
  | { status: 'FAILED'; responseStatus: number | null };

/**
 * Records an attempt's result and counts it as made. Only the claim that made this attempt may
 * (its claim_id still on the row, the delivery still PENDING): a delivery that was stopped
 * meanwhile (its webhook deleted) or claimed again after this claim's lease ran out keeps what
 * the other writer gave it.
 */
export async function settle(db: Pool, claim: Claim, result: Result): Promise<void> {
  await db.query(
    `UPDATE webhook_delivery
     SET attempts = attempts + 1, claim_id = NULL, status = $3, last_response_status = $4,
       next_attempt_at = CASE WHEN $3 = 'PENDING' THEN now() + make_interval(secs => $5) END,
       delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() END
     WHERE id = $1 AND claim_id = $2 AND status = 'PENDING'`,
    [claim.deliveryId, claim.claimId, result.status, result.responseStatus, result.status === 'PENDING' ? result.retryInSeconds : 0],
  );
}

/**
 * Hands back an attempt cut short by this instance stopping: due again now, for any instance,
 * and not counted as made (the claim is cleared, so the next claim does not count it either).
 */
export async function release(db: Pool, claim: Claim): Promise<void> {
  await db.query(
    `UPDATE webhook_delivery SET claim_id = NULL, next_attempt_at = now()
     WHERE id = $1 AND claim_id = $2 AND status = 'PENDING'`,
    [claim.deliveryId, claim.claimId],
  );
}
