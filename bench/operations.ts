import { CENTRES } from '../seeds/synthetic/directory';

/**
 * The coach app's and funder dashboard's documents for the benchmarked operations, word for
 * word as in the public contract; the tests use them too, so both measure what clients send.
 */

const SERVICE_CARD = `
fragment ServiceCard on Service {
  id name description category status version
  taxonomyTerms { code name }
  organization { id name }
  capacity { available maximum unit updatedAt stale }
  languages
  eligibility { minimumAge maximumAge populations description }
  acceptedInsurance
  costOptions { option amount currency }
  openNow
  lastVerifiedAt
  locations {
    id name confidential timeZone latitude longitude
    address { address1 address2 city stateProvince postalCode country }
    phones { number type }
    schedules { weekday opensAt closesAt }
  }
}`;

export const SEARCH_SERVICES = `
query SearchServices($filter: ServiceSearchInput!, $first: Int, $after: String) {
  searchServices(filter: $filter, first: $first, after: $after) {
    totalCount
    facets { categories { category count } }
    pageInfo { hasNextPage endCursor }
    edges { cursor distanceKm open node { ...ServiceCard } }
  }
}
${SERVICE_CARD}`;

export const REFERRAL_SUMMARY = `
fragment ReferralSummary on Referral {
  id status version urgency createdAt updatedAt followUpDue overdue
  client { id alias }
  service { id name category organization { id name } }
  receivingOrganization { id name }
  referredBy { id name }
  outcome { type successful achievedOn }
}`;

export const REFERRALS = `
query Referrals($filter: ReferralFilter, $first: Int, $after: String) {
  referrals(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...ReferralSummary } }
  }
}
${REFERRAL_SUMMARY}`;

export const OUTCOME_REPORT = `
query OutcomeReport($input: OutcomeReportInput!) {
  outcomeReport(input: $input) {
    from to groupBy suppressionThreshold
    rows {
      period category outcomeType
      organization { id name }
      referrals accepted completed successful successRate medianDaysToOutcome uniqueClients suppressed
    }
    totals { referrals accepted completed successful successRate medianDaysToOutcome uniqueClients suppressed }
  }
}`;

const WORDS = ['detox', 'housing', 'job training', 'counseling', 'recovery', 'shelter', 'outpatient', 'peer support', 'employment', 'sober living'];
const CATEGORIES = ['TREATMENT', 'HOUSING', 'EMPLOYMENT', 'RECOVERY_SUPPORT'];

/** The i-th search of the load: a word, a place near one of the synthetic region's centres and a category, varied so caches do not flatter it. */
export function searchVariables(i: number) {
  const [latitude, longitude] = CENTRES[i % CENTRES.length];
  const jitter = (n: number) => (((n * 0.6180339887) % 1) - 0.5) * 0.2;
  return {
    filter: {
      text: WORDS[i % WORDS.length],
      near: { latitude: latitude + jitter(i), longitude: longitude + jitter(i * 7 + 3) },
      radiusKm: 25,
      categories: [CATEGORIES[i % CATEGORIES.length]],
    },
  };
}
