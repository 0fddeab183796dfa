import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks and their deliveries. A delivery is written beside its event, in the change's own
 * transaction (notifications/outbox.ts), and claimed by whichever instance's worker gets to it
 * first (notifications/webhook-claims.ts).
 */
export class Webhooks1764000007100 implements MigrationInterface {
  name = 'Webhooks1764000007100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        url text NOT NULL CHECK (char_length(url) <= 2000),
        -- whsec_ then base64: the worker signs with it, so it is kept as given (never shown again).
        secret text NOT NULL,
        kinds text[] NOT NULL CHECK (cardinality(kinds) > 0
          AND kinds <@ ARRAY['CREATED', 'STATUS_CHANGED', 'NOTE_ADDED', 'OUTCOME_RECORDED']),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        created_by_id uuid NOT NULL REFERENCES app_user (id),
        deleted_at timestamptz(3),
        deleted_by_id uuid REFERENCES app_user (id),
        CHECK (active = (deleted_at IS NULL))
      );
      -- An organization's webhooks, newest first; the outbox finds an event's active ones through it too.
      CREATE INDEX webhook_organization_idx ON webhook (organization_id, created_at DESC, id DESC);

      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhook (id),
        -- Sent as webhook-id: the same on every attempt, so receivers can drop a repeat. Nothing
        -- reads deliveries by event, so no index; one that deletes old referral_update rows (no
        -- retention yet) will need one for this reference's check.
        event_id uuid NOT NULL REFERENCES referral_update (id),
        kind text NOT NULL,
        referral_id uuid NOT NULL,
        -- Attempts made: an attempt counts once its result is recorded, or once its claim ran
        -- out with nothing recorded (the instance died mid-attempt, so it may have been sent).
        -- It only goes up; an attempt handed back by an instance that is stopping is not counted.
        attempts int NOT NULL DEFAULT 0,
        -- The claim that holds the attempt in flight: set anew by every claim, cleared by the
        -- result or the hand-back, and only the claim holding it may write either. Left behind by
        -- a dead instance, it shows the lease ran out.
        claim_id uuid,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        last_response_status int,
        -- Due (or, while an attempt is in flight, the end of its lease); null once settled.
        next_attempt_at timestamptz(3) DEFAULT now(),
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        delivered_at timestamptz(3),
        CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
      );
      -- The workers' claim (each webhook's earliest due attempt) and the pending gauge's count:
      -- settled rows leave the index, so it holds only what is still to send.
      CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (webhook_id, next_attempt_at) WHERE status = 'PENDING';
      -- Attempts in flight, at most a few per webhook: the claim skips a webhook that has one.
      CREATE INDEX webhook_delivery_claimed_idx ON webhook_delivery (webhook_id) WHERE status = 'PENDING' AND claim_id IS NOT NULL;
      -- Webhook.deliveries: newest first, by keyset.
      CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, created_at DESC, id DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_delivery; DROP TABLE webhook');
  }
}
