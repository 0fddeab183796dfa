import { REFERRAL_FIELDS } from '../harness/builders';

export { REFERRAL_SUMMARY } from '../../bench/operations';

export const ADD_NOTE = `mutation($input: AddReferralNoteInput!) { addReferralNote(input: $input) { note { id kind body author { id } createdAt } referral { id version } } }`;
export const RECORD_OUTCOME = `mutation($input: RecordOutcomeInput!) { recordOutcome(input: $input) { referral { ${REFERRAL_FIELDS} } } }`;
export const REFERRAL = `query($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} } }`;
export const REFERRALS = `query($filter: ReferralFilter, $first: Int, $after: String) {
  referrals(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status version updatedAt followUpDue overdue } } } }`;
export const FOLLOW_UP_QUEUE = `query($first: Int, $after: String) {
  followUpQueue(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status followUpDue overdue } } } }`;
