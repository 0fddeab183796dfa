import type { Context } from '../context';
import { wasSent } from '../referrals/referral.policy';
import type { ReferralUpdateKind } from './enums';

/** The PostgreSQL channel on which each committed update's id is announced to every instance. */
export const UPDATES_CHANNEL = 'referral_updates';

/**
 * Records one change to a referral in the outbox, inside the change's transaction, from the
 * row as the change left it. NOTIFY is delivered only when the transaction commits, so a
 * rolled-back change announces nothing; only the event id travels, receivers read the rest.
 */
export async function announce(tx: Context, referralId: string, kind: ReferralUpdateKind): Promise<string> {
  const [row] = await tx.em.query(
    `WITH e AS (
       INSERT INTO referral_update (referral_id, kind, version, status, receiving_organization_id, referring_organization_id, sent)
       SELECT r.id, $2, r.version, r.status, r.receiving_organization_id, r.referring_organization_id, ${wasSent('r')}
       FROM referral r WHERE r.id = $1
       RETURNING id
     )
     SELECT e.id, pg_notify('${UPDATES_CHANNEL}', e.id::text) FROM e`,
    [referralId, kind],
  );
  return row.id;
}
