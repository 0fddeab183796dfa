import { randomUUID } from 'node:crypto';
import type { Beacon } from '../harness/beacon';

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
