import { randomUUID } from 'node:crypto';
import type { Beacon } from './beacon';

/**
 * The builders tests in more than one folder use: each makes one thing through the GraphQL
 * API, the way a user would, with fresh names so that tests sharing a database never collide.
 * Builders one folder alone needs stay in that folder's builders.ts.
 */

// People and organizations.

export const PASSWORD = 'a-long-enough-password';

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id name kinds } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email name role } } }`;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: string;
  organizationId: string | null;
  token: () => Promise<string>;
}

export async function anOrganization(beacon: Beacon, adminToken: string, kinds: string[], name = `Org ${randomUUID().slice(0, 8)}`) {
  const data = await beacon.ok(CREATE_ORG, { input: { name, description: `${name} serves Harbor County.`, kinds } }, adminToken);
  return data.createOrganization.organization as { id: string; name: string; kinds: string[] };
}

export const aPeerOrganization = (beacon: Beacon, adminToken: string, name?: string) => anOrganization(beacon, adminToken, ['PEER_SUPPORT'], name);
export const anAgency = (beacon: Beacon, adminToken: string, name?: string) => anOrganization(beacon, adminToken, ['PROVIDER'], name);
export const aFunderOrganization = (beacon: Beacon, adminToken: string, name?: string) => anOrganization(beacon, adminToken, ['FUNDER'], name);

/** A user of `role` in `organizationId`, created by `creatorToken`; token() signs them in once and remembers it. */
export async function aUser(beacon: Beacon, creatorToken: string, role: string, organizationId: string | null, extra: Record<string, unknown> = {}): Promise<TestUser> {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.beacon`;
  const data = await beacon.ok(CREATE_USER, { input: { email, name: `${role} ${email.slice(0, 12)}`, password: PASSWORD, role, organizationId, ...extra } }, creatorToken);
  let token: string | undefined;
  return {
    id: data.createUser.user.id,
    email,
    password: PASSWORD,
    role,
    organizationId,
    token: async () => (token ??= await beacon.login(email, PASSWORD)),
  };
}

export const aCoach = (beacon: Beacon, adminToken: string, organizationId: string, extra?: Record<string, unknown>) => aUser(beacon, adminToken, 'COACH', organizationId, extra);
export const aSupervisor = (beacon: Beacon, adminToken: string, organizationId: string) => aUser(beacon, adminToken, 'SUPERVISOR', organizationId);
export const anAgencyStaff = (beacon: Beacon, adminToken: string, organizationId: string) => aUser(beacon, adminToken, 'AGENCY_STAFF', organizationId);
export const aFunder = (beacon: Beacon, adminToken: string, organizationId: string) => aUser(beacon, adminToken, 'FUNDER', organizationId);

const CREATE_GRANT = `mutation($input: CreateGrantInput!) { createGrant(input: $input) { grant { id } } }`;

/** A grant from the funder organization `funderId` to `granteeId`, which lets the funder's people report on the grantee. */
export async function aGrant(beacon: Beacon, adminToken: string, funderId: string, granteeId: string, startsOn: string, endsOn: string | null = null) {
  const input = { funderId, granteeId, name: `Grant ${randomUUID().slice(0, 8)}`, startsOn, endsOn };
  return (await beacon.ok(CREATE_GRANT, { input }, adminToken)).createGrant.grant as { id: string };
}

// Clients, their consents and goals.

export const CLIENT_FIELDS = `id alias firstName lastName phone email birthYear postalCode languages contactPreference assignedCoach { id } createdAt`;
export const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { client { ${CLIENT_FIELDS} } } }`;
export const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id scope method active grantedAt expiresAt revokedAt organization { id } recordedBy { id } } } }`;
export const CREATE_GOAL = `mutation($input: CreateGoalInput!) { createGoal(input: $input) { goal { id domain description status targetDate achievedOn createdAt } } }`;

export interface TestClient {
  id: string;
  alias: string;
  assignedCoach: { id: string } | null;
  [field: string]: unknown;
}

/** A client created by `token` (a coach's client is assigned to that coach) with only an alias unless `overrides` say more. */
export async function aClient(beacon: Beacon, token: string, overrides: Record<string, unknown> = {}): Promise<TestClient> {
  const input = { alias: `Client ${randomUUID().slice(0, 8)}`, ...overrides };
  return (await beacon.ok(CREATE_CLIENT, { input }, token)).createClient.client;
}

/** A consent recorded by `token` for `clientId` to share with `organizationId` (SHARE_CONTACT, VERBAL unless overridden). */
export async function aConsent(beacon: Beacon, token: string, clientId: string, organizationId: string, overrides: Record<string, unknown> = {}) {
  const input = { clientId, organizationId, scope: 'SHARE_CONTACT', method: 'VERBAL', ...overrides };
  return (await beacon.ok(RECORD_CONSENT, { input }, token)).recordConsent.consent as { id: string; active: boolean; [field: string]: unknown };
}

export async function aGoal(beacon: Beacon, token: string, clientId: string, overrides: Record<string, unknown> = {}) {
  const input = { clientId, domain: 'HOUSING', description: 'Find a stable apartment', ...overrides };
  return (await beacon.ok(CREATE_GOAL, { input }, token)).createGoal.goal as { id: string; status: string; [field: string]: unknown };
}

// Services (listings) of the directory.

export const LISTING = `
  id name description category status version lastVerifiedAt createdAt updatedAt
  organization { id }
  taxonomyTerms { code name }
  capacity { available maximum unit updatedAt stale }
  languages acceptedInsurance requiredDocuments applicationProcess url email
  eligibility { minimumAge maximumAge populations description }
  costOptions { option amount currency }
  openNow
  locations {
    id name confidential timeZone latitude longitude accessibility
    address { address1 address2 city stateProvince postalCode country }
    phones { number type description }
    schedules { weekday opensAt closesAt }
  }`;

export const CREATE_SERVICE = `mutation($input: CreateServiceInput!) { createService(input: $input) { service { ${LISTING} } } }`;

/** A downtown location in Harbor County, open weekdays 9 to 5 in New York time. */
export const aLocation = (overrides: Record<string, unknown> = {}) => ({
  name: 'Main office',
  address: { address1: '100 Harbor St', city: 'Harborview', stateProvince: 'NY', postalCode: '10001', country: 'US' },
  latitude: 40.75,
  longitude: -73.99,
  timeZone: 'America/New_York',
  phones: [{ number: '(555) 201-0000', type: 'voice' }],
  schedules: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '17:00' })),
  ...overrides,
});

export interface TestService {
  id: string;
  name: string;
  category: string;
  organizationId: string;
  version: number;
  [field: string]: any;
}

/** A listing created through createService by `token` (agency staff: their own organization; admins: name organizationId). */
export async function aService(beacon: Beacon, token: string, overrides: Record<string, unknown> = {}): Promise<TestService> {
  const input = {
    name: `Service ${randomUUID().slice(0, 8)}`,
    description: 'Help for people in recovery in Harbor County.',
    category: 'TREATMENT',
    locations: [aLocation()],
    ...overrides,
  };
  const data = await beacon.ok(CREATE_SERVICE, { input }, token);
  const service = data.createService.service;
  return { ...service, organizationId: service.organization.id };
}

// Referrals.

export const REFERRAL_FIELDS = `id status version urgency createdAt updatedAt followUpDue overdue
  client { id alias } service { id } receivingOrganization { id } referredBy { id } goal { id }
  history { from to reason onBehalfOfAgency at actor { id } }
  notes { id kind body author { id } createdAt }
  outcome { type successful achievedOn note recordedAt recordedBy { id } }`;

export const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { ${REFERRAL_FIELDS} } } }`;
export const TRANSITION = `mutation($input: TransitionReferralInput!) { transitionReferral(input: $input) { referral { ${REFERRAL_FIELDS} } } }`;

export interface TestReferral {
  id: string;
  status: string;
  version: number;
  [field: string]: any;
}

/** A referral made by the coach of `coachToken` (REQUESTED unless `send: false`). */
export async function aReferral(
  beacon: Beacon,
  coachToken: string,
  input: { clientId: string; serviceId: string; [field: string]: unknown },
): Promise<TestReferral> {
  return (await beacon.ok(CREATE_REFERRAL, { input }, coachToken)).createReferral.referral;
}

/** Moves `referral` (at its version) to `to`, as the holder of `token`. */
export async function transition(beacon: Beacon, token: string, referral: { id: string; version: number }, to: string, reason?: string): Promise<TestReferral> {
  const input = { referralId: referral.id, to, expectedVersion: referral.version, ...(reason ? { reason } : {}) };
  return (await beacon.ok(TRANSITION, { input }, token)).transitionReferral.referral;
}
