import type { Context } from '../context';
import { Forbidden } from '../common/errors';
import { Role } from '../people/enums';

export interface ReportScope {
  /** The receiving organizations every figure is computed over: null for every one (admins). */
  organizations: string[] | null;
  /** The organizations the caller named, lower-cased; null when none were named. They choose rows only. */
  named: string[] | null;
}

/**
 * The receiving organizations a viewer may report on over [from, to]: admins any, funders those
 * they hold a grant for that overlaps the period. Naming an organization outside that is
 * FORBIDDEN rather than an empty report (organizations are public, so there is nothing to hide
 * by pretending). Callers have passed assertReporter.
 */
export async function reportScope(ctx: Context, from: string, to: string, requested?: string[] | null): Promise<ReportScope> {
  const viewer = ctx.user;
  const named = requested?.length ? [...new Set(requested.map((id) => id.toLowerCase()))] : null;
  if (viewer.role === Role.ADMIN) return { organizations: null, named };

  const granted: { grantee_id: string }[] = await ctx.em.query(
    `SELECT DISTINCT grantee_id FROM funder_grant
      WHERE funder_id = $1 AND starts_on <= $3::date AND (ends_on IS NULL OR ends_on >= $2::date)`,
    [viewer.organizationId, from, to],
  );
  const grantees = granted.map((g) => g.grantee_id);
  if (named?.some((id) => !grantees.includes(id))) throw new Forbidden('You hold no grant for one of these organizations over this period.');
  return { organizations: grantees, named };
}

/** Funders and admins may ask for the report; everyone else is FORBIDDEN (for the CSV route, which has no @Authorized). */
export function assertReporter(ctx: Context): void {
  if (![Role.ADMIN, Role.FUNDER].includes(ctx.user.role)) throw new Forbidden();
}
