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
/** The coach app's sign-in, its note on a referral and the referral screen's live updates; the agency portal's webhook settings. */
export const LOGIN = clientDocument('Login');
export const ADD_REFERRAL_NOTE = clientDocument('AddReferralNote');
export const REFERRAL_UPDATES = clientDocument('ReferralUpdates');
export const CREATE_WEBHOOK = clientDocument('CreateWebhook');
/** The fragment alone, for tests that write their own selections around it. */
export const REFERRAL_SUMMARY = clientDocument('ReferralSummary');

/** What coaches type into the search (the vocabulary). */
export const SEARCH_WORDS = ['detox', 'housing', 'job training', 'counseling', 'recovery', 'shelter', 'outpatient', 'peer support', 'employment', 'sober living'];
const CATEGORIES = ['TREATMENT', 'HOUSING', 'EMPLOYMENT', 'RECOVERY_SUPPORT'];

/** The i-th place searched from: near one of the synthetic region's centres, jittered up to 0.1° so no two in a row are the same. */
export function placeNear(i: number) {
  const [latitude, longitude] = CENTRES[i % CENTRES.length];
  const jitter = (n: number) => (((n * 0.6180339887) % 1) - 0.5) * 0.2;
  return { latitude: latitude + jitter(i), longitude: longitude + jitter(i * 7 + 3) };
}

/** The i-th search of the load: a word, a place and a category, varied so caches do not flatter it. */
export function searchVariables(i: number) {
  return {
    filter: {
      text: SEARCH_WORDS[i % SEARCH_WORDS.length],
      near: placeNear(i),
      radiusKm: 25,
      categories: [CATEGORIES[i % CATEGORIES.length]],
    },
  };
}

/**
 * The same nested page asked of Beacon and of the peer (PostGraphile, bench/peer): an
 * organization's first 50 ACTIVE services by name, each with its organization, locations,
 * addresses, phones and schedules. Anonymous on both sides (Beacon shows anonymous callers
 * ACTIVE listings only; the peer asks for them by condition). Beacon also withholds confidential
 * addresses, a rule the peer does not know; both read the same rows.
 */
export const NESTED_PAGE = `query NestedServicesPage($id: ID!) {
  organization(id: $id) {
    services(first: 50) {
      edges {
        node {
          id name category status
          organization { id name }
          locations {
            id name confidential timeZone latitude longitude
            address { address1 address2 city stateProvince postalCode country }
            phones { number type }
            schedules { weekday opensAt closesAt }
          }
        }
      }
    }
  }
}`;

/** The page above in the peer's generated schema (PostGraphile's Amber preset, bench/peer/server.cjs). */
export const PEER_NESTED_PAGE = `query NestedServicesPage($id: UUID!) {
  organizationByRowId(rowId: $id) {
    servicesByOrganizationId(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC], condition: { status: "ACTIVE" }) {
      nodes {
        rowId name category status
        organizationByOrganizationId { rowId name }
        serviceAtLocationsByServiceId(orderBy: [POSITION_ASC]) {
          nodes {
            locationByLocationId {
              rowId name confidential timeZone latitude longitude
              addressByLocationId { address1 address2 city stateProvince postalCode country }
              phonesByLocationId(orderBy: [POSITION_ASC]) { nodes { number type } }
              schedulesByLocationId { nodes { byday opensAt closesAt } }
            }
          }
        }
      }
    }
  }
}`;
