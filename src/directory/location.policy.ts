import { Role } from '../people/enums';
import type { User } from '../people/user.entity';

/** Roles that always see a confidential location's address and coordinates (they place people there). */
const SEE_CONFIDENTIAL = new Set<Role>([Role.COACH, Role.SUPERVISOR, Role.ADMIN]);

/** Whose confidential locations `viewer` may see: every organization's, one organization's (its own agency), or none. */
export function confidentialReach(viewer: User | null): { everywhere: boolean; organizationId: string | null } {
  if (viewer && SEE_CONFIDENTIAL.has(viewer.role)) return { everywhere: true, organizationId: null };
  return { everywhere: false, organizationId: viewer?.role === Role.AGENCY_STAFF ? viewer.organizationId : null };
}

/** May `viewer` see where a location is? Always for an ordinary one; for a confidential one, see DESIGN.md's Access rule. */
export function maySeeLocation(viewer: User | null, location: { confidential: boolean; organizationId: string }): boolean {
  if (!location.confidential) return true;
  const reach = confidentialReach(viewer);
  return reach.everywhere || reach.organizationId === location.organizationId;
}

/**
 * The same rule in SQL, for the statements that measure from or show locations: whether the
 * viewer with `reach` sees the confidential locations of the organization in `organizationColumn`.
 * `bind` makes a parameter of the viewer's organization. A constant answer is folded away by the planner.
 */
export function seesConfidentialSql(reach: ReturnType<typeof confidentialReach>, organizationColumn: string, bind: (organizationId: string) => string): string {
  if (reach.everywhere) return 'true';
  return reach.organizationId ? `${organizationColumn} = ${bind(reach.organizationId)}` : 'false';
}
