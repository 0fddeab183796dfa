import type { Beacon } from './beacon';
import { aClient, aCoach, aFunder, aFunderOrganization, anAgency, anAgencyStaff, aPeerOrganization, aService, aSupervisor, type TestUser } from './builders';

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

/**
 * The caseload world with a second agency, a client of the coach's and an ACTIVE service of
 * each agency: everyone a referral test needs. Its people are named by their part in a
 * referral (the agency receives it, an outside coach is in another organization), and tests
 * walk `people` in this order.
 */
export async function aReferralWorld(beacon: Beacon) {
  const caseload = await aCaseloadWorld(beacon);
  const { admin } = caseload;
  const otherAgencyOrg = await anAgency(beacon, admin);
  const people = {
    coach: caseload.coach,
    colleague: caseload.sameOrgCoach,
    supervisor: caseload.supervisor,
    outsideCoach: caseload.otherOrgCoach,
    outsideSupervisor: caseload.otherOrgSupervisor,
    agency: caseload.agencyStaff,
    otherAgency: await anAgencyStaff(beacon, admin, otherAgencyOrg.id),
    funder: caseload.funder,
  };
  const coachToken = await people.coach.token();
  const client = await aClient(beacon, coachToken);
  const service = await aService(beacon, await people.agency.token());
  const otherService = await aService(beacon, await people.otherAgency.token());
  return { admin, peers: caseload.peer, otherPeers: caseload.otherPeer, agencyOrg: caseload.agency, otherAgencyOrg, people, client, service, otherService, coachToken };
}

export type ReferralWorld = Awaited<ReturnType<typeof aReferralWorld>>;
