import type { User } from '../people/user.entity';
import { CASELOAD_ROLES, Role } from '../people/enums';
import type { Side } from './lifecycle';
import type { Referral } from './referral.entity';
import type { Condition } from '../common/sql';

/** A SQL condition on the referral alias `r` with its named parameters. */
/**
 * The referrals the viewer reaches: coaches those of their own clients, supervisors those
 * their organization made, agency staff those their organization received, admins all
 * (they may mark any as entered in error). Written on the referral's own columns where it
 * can be, so the list indexes serve it.
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
      return { sql: 'r.receiving_organization_id = :reachOrg', params: { reachOrg: viewer.organizationId } };
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
