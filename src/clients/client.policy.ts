import type { User } from '../people/user.entity';
import { Role } from '../people/enums';
import type { Client } from './client.entity';
import type { Condition } from '../common/sql';
import { receivedBy } from '../referrals/referral.policy';

/**
 * Which clients the viewer reaches (DESIGN.md Access), as a condition on the client alias `c`:
 * coaches their assigned clients, supervisors every client of their organization, agency staff
 * a client of a referral their organization received and that was sent (one entered in error
 * since still shows the alias; see showsPersonalFields for the rest), admins any (they correct
 * referrals, where the alias is all they see); funders and anonymous callers none.
 */
export function clientReach(viewer: User | null): Condition {
  switch (viewer?.role) {
    case Role.COACH:
    case Role.SUPERVISOR:
      return coachSide(viewer);
    case Role.AGENCY_STAFF:
      return {
        sql: `EXISTS (SELECT 1 FROM referral r WHERE r.client_id = c.id AND ${receivedBy('r')})`,
        params: { reachOrg: viewer.organizationId },
      };
    case Role.ADMIN:
      return { sql: 'TRUE', params: {} };
    default:
      return { sql: 'FALSE', params: {} };
  }
}

/** The clients whose coach side the viewer is on (see isCoachSide), as SQL. */
export function coachSide(viewer: User | null): Condition {
  if (viewer?.role === Role.COACH) return { sql: 'c.assigned_coach_id = :sideCoach', params: { sideCoach: viewer.id } };
  if (viewer?.role === Role.SUPERVISOR) return { sql: 'c.organization_id = :sideOrg', params: { sideOrg: viewer.organizationId } };
  return { sql: 'FALSE', params: {} };
}

/**
 * The coach side of a client: the assigned coach and the organization's supervisors. They
 * see the whole record (personal fields, consents, goals); everyone else who reaches the
 * client sees the alias, languages and contact preference, plus what consent allows.
 */
export function isCoachSide(viewer: User | null, client: Pick<Client, 'organizationId' | 'assignedCoachId'>): boolean {
  if (viewer?.role === Role.COACH) return client.assignedCoachId === viewer.id;
  if (viewer?.role === Role.SUPERVISOR) return client.organizationId === viewer.organizationId;
  return false;
}
