import { CENTRES } from '../seeds/synthetic/directory';
import { clientDocument } from '../src/trusted-documents/manifest';

/**
 * The coach app's and funder dashboard's documents for the benchmarked operations, read by
 * name from schema/operations (the contract's files); the tests use them too, so both measure
 * what clients send.
 */
export const SEARCH_SERVICES = clientDocument('SearchServices');
export const REFERRALS = clientDocument('Referrals');
export const OUTCOME_REPORT = clientDocument('OutcomeReport');
export const RECOVERY_CAPITAL_REPORT = clientDocument('RecoveryCapitalReport');
/** The fragment alone, for tests that write their own selections around it. */
export const REFERRAL_SUMMARY = clientDocument('ReferralSummary');

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
