import type { Context } from '../context';
import { Role } from '../people/enums';
import { userLoaders } from '../people/loaders';
import type { User } from '../people/user.entity';
import type { Client } from './client.entity';
import { isCoachSide } from './client.policy';
import type { Consent } from './consent.entity';
import { hasActiveConsent } from './consent.policy';
import { ConsentScope, ContactPreference } from './enums';
import type { Goal } from './goal.entity';
import { clientLoaders, consentLoaders, goalLoaders } from './loaders';

/*
 * What of a client's record the viewer sees, once the client is within reach (clientReach):
 * the coach side sees all of it; everyone else the alias, languages and contact preference,
 * plus the personal fields where consent allows.
 */

/**
 * Whether the viewer may see the client's personal fields: the coach side always; agency
 * staff under an active SHARE_CONTACT consent for their organization, unless the client chose
 * DO_NOT_CONTACT, and only while a referral their organization received is live (sent and not
 * entered in error: one entered in error reaches the alias alone); nobody else (admins see
 * the alias only).
 */
export async function showsPersonalFields(ctx: Context, client: Client): Promise<boolean> {
  const viewer = ctx.viewer;
  if (isCoachSide(viewer, client)) return true;
  if (viewer?.role !== Role.AGENCY_STAFF || client.contactPreference === ContactPreference.DO_NOT_CONTACT) return false;
  const [consented, live] = await Promise.all([
    hasActiveConsent(ctx, client.id, viewer.organizationId!, ConsentScope.SHARE_CONTACT),
    ctx.load(clientLoaders).liveReferral.load(client.id),
  ]);
  return consented && live;
}

/** The client's coach, for the coach side only; null for everyone else. */
export async function assignedCoachOf(ctx: Context, client: Client): Promise<User | null> {
  if (!client.assignedCoachId || !isCoachSide(ctx.viewer, client)) return null;
  return ctx.load(userLoaders).byId.load(client.assignedCoachId);
}

/** The client's consents, newest first, for the coach side only; empty for everyone else. */
export async function consentsOf(ctx: Context, client: Client): Promise<Consent[]> {
  return isCoachSide(ctx.viewer, client) ? ctx.load(consentLoaders).byClient.load(client.id) : [];
}

/** The client's goals, oldest first, for the coach side only; empty for everyone else. */
export async function goalsOf(ctx: Context, client: Client): Promise<Goal[]> {
  return isCoachSide(ctx.viewer, client) ? ctx.load(goalLoaders).byClient.load(client.id) : [];
}
