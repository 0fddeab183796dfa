import type { Beacon } from '../harness/beacon';
import { aCoach, aFunder, aFunderOrganization, anAgency, anAgencyStaff, aPeerOrganization, aSupervisor, type TestUser } from '../people/builders';

/** Two peer-support organizations, an agency and a funder, with one person in each seat the caseload rules tell apart. */
export interface CaseloadWorld {
  admin: string;
  peer: { id: string };
  otherPeer: { id: string };
  agency: { id: string };
  coach: TestUser;
  sameOrgCoach: TestUser;
  supervisor: TestUser;
  otherOrgCoach: TestUser;
  otherOrgSupervisor: TestUser;
  agencyStaff: TestUser;
  funder: TestUser;
}

export async function aCaseloadWorld(beacon: Beacon): Promise<CaseloadWorld> {
  const admin = await beacon.adminToken();
  const [peer, otherPeer, agency, funderOrg] = await Promise.all([
    aPeerOrganization(beacon, admin),
    aPeerOrganization(beacon, admin),
    anAgency(beacon, admin),
    aFunderOrganization(beacon, admin),
  ]);
  const [coach, sameOrgCoach, supervisor, otherOrgCoach, otherOrgSupervisor, agencyStaff, funder] = await Promise.all([
    aCoach(beacon, admin, peer.id),
    aCoach(beacon, admin, peer.id),
    aSupervisor(beacon, admin, peer.id),
    aCoach(beacon, admin, otherPeer.id),
    aSupervisor(beacon, admin, otherPeer.id),
    anAgencyStaff(beacon, admin, agency.id),
    aFunder(beacon, admin, funderOrg.id),
  ]);
  return { admin, peer, otherPeer, agency, coach, sameOrgCoach, supervisor, otherOrgCoach, otherOrgSupervisor, agencyStaff, funder };
}

/** The error codes of a response, for one-line assertions. */
export function codes(response: { errors?: { extensions: Record<string, any> }[] }): string[] {
  return (response.errors ?? []).map((e) => e.extensions.code);
}

/** The `extensions.fields[].field` paths of a BAD_USER_INPUT response. */
export function badFields(response: { errors?: { extensions: Record<string, any> }[] }): string[] {
  return (response.errors ?? []).flatMap((e) => (e.extensions.fields ?? []).map((f: { field: string }) => f.field)).sort();
}
