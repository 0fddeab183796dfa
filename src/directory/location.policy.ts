import { Role } from '../people/enums';
import type { User } from '../people/user.entity';

/** Roles that always see a confidential location's address and coordinates (they place people there). */
const SEE_CONFIDENTIAL = new Set<Role>([Role.COACH, Role.SUPERVISOR, Role.ADMIN]);

/** May `viewer` see where a location is? Always for an ordinary one; for a confidential one, see DESIGN.md's Access rule. */
export function maySeeLocation(viewer: User | null, location: { confidential: boolean; organizationId: string }): boolean {
  if (!location.confidential) return true;
  if (!viewer) return false;
  return SEE_CONFIDENTIAL.has(viewer.role) || (viewer.role === Role.AGENCY_STAFF && viewer.organizationId === location.organizationId);
}

/** May `viewer` see every confidential location of `organizationId`? (Used where SQL must decide, e.g. rounding distances.) */
export function maySeeConfidentialOf(viewer: User | null, organizationId: string): boolean {
  return maySeeLocation(viewer, { confidential: true, organizationId });
}
