import type { Beacon } from '../harness/beacon';
import { aClient } from '../clients/builders';
import { aService } from '../directory/builders';
import { aCoach, aFunder, aFunderOrganization, anAgency, anAgencyStaff, aPeerOrganization, aSupervisor } from '../people/builders';

export { REFERRAL_SUMMARY } from '../../bench/operations';

export const REFERRAL_FIELDS = `id status version urgency createdAt updatedAt followUpDue overdue
  client { id alias } service { id } receivingOrganization { id } referredBy { id } goal { id }
  history { from to reason onBehalfOfAgency at actor { id } }
  notes { id kind body author { id } createdAt }
  outcome { type successful achievedOn note recordedAt recordedBy { id } }`;

export const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { ${REFERRAL_FIELDS} } } }`;
export const TRANSITION = `mutation($input: TransitionReferralInput!) { transitionReferral(input: $input) { referral { ${REFERRAL_FIELDS} } } }`;
export const ADD_NOTE = `mutation($input: AddReferralNoteInput!) { addReferralNote(input: $input) { note { id kind body author { id } createdAt } referral { id version } } }`;
export const RECORD_OUTCOME = `mutation($input: RecordOutcomeInput!) { recordOutcome(input: $input) { referral { ${REFERRAL_FIELDS} } } }`;
export const REFERRAL = `query($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} } }`;
export const REFERRALS = `query($filter: ReferralFilter, $first: Int, $after: String) {
  referrals(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status version updatedAt followUpDue overdue } } } }`;
export const FOLLOW_UP_QUEUE = `query($first: Int, $after: String) {
  followUpQueue(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status followUpDue overdue } } } }`;

/** The day `at` falls on in the test server's DEFAULT_TIME_ZONE (America/New_York): the days outcomes are dated in. */
export const localDay = (at: Date = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(at);

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

export async function transition(beacon: Beacon, token: string, referral: { id: string; version: number }, to: string, reason?: string): Promise<TestReferral> {
  const input = { referralId: referral.id, to, expectedVersion: referral.version, ...(reason ? { reason } : {}) };
  return (await beacon.ok(TRANSITION, { input }, token)).transitionReferral.referral;
}

/**
 * Two peer-support organizations and two agencies with their people, a client of the
 * coach's and an ACTIVE service of the agency: everyone a referral test needs.
 */
export async function aReferralWorld(beacon: Beacon) {
  const admin = await beacon.adminToken();
  const peers = await aPeerOrganization(beacon, admin);
  const otherPeers = await aPeerOrganization(beacon, admin);
  const agencyOrg = await anAgency(beacon, admin);
  const otherAgencyOrg = await anAgency(beacon, admin);
  const funderOrg = await aFunderOrganization(beacon, admin);
  const people = {
    coach: await aCoach(beacon, admin, peers.id),
    colleague: await aCoach(beacon, admin, peers.id),
    supervisor: await aSupervisor(beacon, admin, peers.id),
    outsideCoach: await aCoach(beacon, admin, otherPeers.id),
    outsideSupervisor: await aSupervisor(beacon, admin, otherPeers.id),
    agency: await anAgencyStaff(beacon, admin, agencyOrg.id),
    otherAgency: await anAgencyStaff(beacon, admin, otherAgencyOrg.id),
    funder: await aFunder(beacon, admin, funderOrg.id),
  };
  const coachToken = await people.coach.token();
  const client = await aClient(beacon, coachToken);
  const service = await aService(beacon, await people.agency.token());
  const otherService = await aService(beacon, await people.otherAgency.token());
  return { admin, peers, otherPeers, agencyOrg, otherAgencyOrg, people, client, service, otherService, coachToken };
}

export type ReferralWorld = Awaited<ReturnType<typeof aReferralWorld>>;
