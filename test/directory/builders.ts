import type { Beacon } from '../harness/beacon';
import { LISTING } from '../harness/builders';

export const UPDATE_SERVICE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) { service { ${LISTING} } } }`;
export const UPDATE_CAPACITY = `mutation($input: UpdateCapacityInput!) { updateCapacity(input: $input) { service { id version capacity { available maximum unit updatedAt stale } } } }`;
export const VERIFY_SERVICE = `mutation($id: ID!) { verifyService(id: $id) { service { id version lastVerifiedAt } } }`;
export const SERVICE = `query($id: ID!) { service(id: $id) { ${LISTING} } }`;

export const SEARCH = `query($filter: ServiceSearchInput!, $first: Int, $after: String) {
  searchServices(filter: $filter, first: $first, after: $after) {
    totalCount
    facets { categories { category count } }
    pageInfo { hasNextPage endCursor }
    edges { cursor distanceKm open node { id name category status organization { id name } locations { id latitude longitude address { address1 } } } }
  }
}`;

/** Runs searchServices and returns the connection. */
export async function search(beacon: Beacon, filter: Record<string, unknown>, options: { first?: number; after?: string; token?: string } = {}) {
  const data = await beacon.ok(SEARCH, { filter, first: options.first, after: options.after }, options.token);
  return data.searchServices as {
    totalCount: number;
    facets: { categories: { category: string; count: number }[] };
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; distanceKm: number | null; open: boolean | null; node: any }[];
  };
}

export const names = (connection: { edges: { node: { name: string } }[] }) => connection.edges.map((e) => e.node.name);

/** Hours every day of the week. */
export const everyDay = (opensAt: string, closesAt: string) =>
  ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((weekday) => ({ weekday, opensAt, closesAt }));
