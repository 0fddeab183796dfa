import type { Context } from '../context';
import { wasSent } from '../referrals/referral.policy';
import type { ReferralUpdateKind } from './enums';

/** The PostgreSQL channel on which each committed update's id is announced to every instance. */
export const UPDATES_CHANNEL = 'referral_updates';

/** The channel that wakes idle delivery workers when a change has left webhook deliveries behind. */
export const DELIVERIES_CHANNEL = 'webhook_deliveries';

/**
 * Records one change to a referral in the outbox, inside the change's transaction, from the
 * row as the change left it, with a webhook delivery for every active webhook that wants this
 * kind: the referring organization's always, the receiving organization's once the referral
 * has been sent. One statement, and no HTTP: the workers send after the commit. NOTIFY is
 * delivered only when the transaction commits, so a rolled-back change announces nothing and
 * leaves no delivery; only the event id travels, receivers read the rest.
 */
export async function announce(tx: Context, referralId: string, kind: ReferralUpdateKind): Promise<string> {
  const [row] = await tx.em.query(
    `WITH e AS (
       INSERT INTO referral_update (referral_id, kind, version, status, receiving_organization_id, referring_organization_id, sent)
       SELECT r.id, $2, r.version, r.status, r.receiving_organization_id, r.referring_organization_id, ${wasSent('r')}
       FROM referral r WHERE r.id = $1
       RETURNING id, referral_id, kind, sent, receiving_organization_id, referring_organization_id
     ), d AS (
       INSERT INTO webhook_delivery (webhook_id, event_id, kind, referral_id)
       SELECT w.id, e.id, e.kind, e.referral_id
       FROM e JOIN webhook w
         ON w.organization_id IN (e.referring_organization_id, CASE WHEN e.sent THEN e.receiving_organization_id END)
        AND w.active AND e.kind = ANY (w.kinds)
       RETURNING 1
     )
     SELECT e.id, pg_notify('${UPDATES_CHANNEL}', e.id::text),
       CASE WHEN EXISTS (SELECT FROM d) THEN pg_notify('${DELIVERIES_CHANNEL}', '') END
     FROM e`,
    [referralId, kind],
  );
  return row.id;
}
