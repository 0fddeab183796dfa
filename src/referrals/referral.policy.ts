import type { User } from '../people/user.entity';
import { CASELOAD_ROLES, Role } from '../people/enums';
import { ReferralStatus as S } from './enums';
import type { Side } from './lifecycle';
import type { Referral } from './referral.entity';
import type { Condition } from '../common/sql';

/**
 * SQL: whether the referral under alias `r` was ever sent to the agency, that is, ever moved
 * to REQUESTED. A draft leaves DRAFT only for REQUESTED, CANCELLED or ENTERED_IN_ERROR, and
 * an outcome needs it sent first, so the status decides every case but a CANCELLED or
 * ENTERED_IN_ERROR one; for those the history decides (an event into REQUESTED), and the
 * (referral_id, version) index finds it. `r` is always a fixed alias from this code.
 */
export function wasSent(r: string): string {
  return `(${r}.status <> '${S.DRAFT}' AND (${r}.status NOT IN ('${S.CANCELLED}', '${S.ENTERED_IN_ERROR}')
    OR EXISTS (SELECT 1 FROM referral_event sent_e WHERE sent_e.referral_id = ${r}.id AND sent_e.to_status = '${S.REQUESTED}')))`;
}

/**
 * SQL: the referrals under alias `r` through which the agency `:reachOrg` reaches anything:
 * received by it and sent (a DRAFT, and a draft that was cancelled or entered in error without
 * ever being sent, are the requester's alone).
 */
export function receivedBy(r: string): string {
  return `(${r}.receiving_organization_id = :reachOrg AND ${wasSent(r)})`;
}

/**
 * SQL: the referrals under alias `r` through which the agency `:reachOrg` reaches more of the
 * client than the alias (names and contact details, under consent): received, sent and not
 * entered in error since.
 */
export function liveReceivedBy(r: string): string {
  return `(${receivedBy(r)} AND ${r}.status <> '${S.ENTERED_IN_ERROR}')`;
}

/**
 * The referrals the viewer reaches: coaches those of their own clients, supervisors those
 * their organization made, agency staff those their organization received once they were
 * sent, admins all (they may mark any as entered in error). Written on the referral's own
 * columns where it can be, so the list indexes serve it.
 */
export function referralReach(viewer: User | null): Condition {
  switch (viewer?.role) {
    case Role.COACH:
      return {
        sql: 'r.referring_organization_id = :reachOrg AND r.client_id IN (SELECT rc.id FROM client rc WHERE rc.assigned_coach_id = :reachCoach)',
        params: { reachOrg: viewer.organizationId, reachCoach: viewer.id },
      };
    case Role.SUPERVISOR:
      return { sql: 'r.referring_organization_id = :reachOrg', params: { reachOrg: viewer.organizationId } };
    case Role.AGENCY_STAFF:
      return { sql: receivedBy('r'), params: { reachOrg: viewer.organizationId } };
    case Role.ADMIN:
      return { sql: 'TRUE', params: {} };
    default:
      return { sql: 'FALSE', params: {} };
  }
}

/**
 * The sides the viewer acts on for a referral it reaches. The coach side takes requester
 * steps and may record agency steps on the agency's behalf; agency staff take the
 * receiving agency's; admins only theirs (ENTERED_IN_ERROR).
 */
export function sidesOf(viewer: User, referral: Referral): Side[] {
  if (CASELOAD_ROLES.includes(viewer.role)) return ['requester', 'agency'];
  if (viewer.role === Role.AGENCY_STAFF && viewer.organizationId === referral.receivingOrganizationId) return ['agency'];
  if (viewer.role === Role.ADMIN) return ['admin'];
  return [];
}

/** Whether the viewer takes part in the referral as the requester or the agency (notes, outcomes). */
export function isParty(viewer: User, referral: Referral): boolean {
  return sidesOf(viewer, referral).some((side) => side !== 'admin');
}
