import { Keyset } from '../common/pagination';

/** Referral lists: most recently updated first (a client's referrals page the same way). */
export const RECENTLY_UPDATED = new Keyset('DESC', [
  { sql: 'r.updated_at', part: 'instant' },
  { sql: 'r.id', part: 'uuid' },
]);

/** The follow-up queue: most overdue first. */
export const MOST_OVERDUE = new Keyset('ASC', [
  { sql: 'r.follow_up_due', part: 'instant' },
  { sql: 'r.id', part: 'uuid' },
]);
