import { randomUUID } from 'node:crypto';
import type { Beacon } from '../harness/beacon';

export const CLIENT_FIELDS = `id alias firstName lastName phone email birthYear postalCode languages contactPreference assignedCoach { id } createdAt`;
export const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { client { ${CLIENT_FIELDS} } } }`;
export const UPDATE_CLIENT = `mutation($input: UpdateClientInput!) { updateClient(input: $input) { client { ${CLIENT_FIELDS} } } }`;
export const RECORD_CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id scope method active grantedAt expiresAt revokedAt organization { id } recordedBy { id } } } }`;
export const REVOKE_CONSENT = `mutation($id: ID!) { revokeConsent(id: $id) { consent { id active revokedAt } } }`;
export const CREATE_GOAL = `mutation($input: CreateGoalInput!) { createGoal(input: $input) { goal { id domain description status targetDate achievedOn createdAt } } }`;
export const UPDATE_GOAL = `mutation($input: UpdateGoalInput!) { updateGoal(input: $input) { goal { id domain description status targetDate achievedOn } } }`;

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
