import { randomUUID } from 'node:crypto';
import type { Beacon } from '../harness/beacon';

export const LISTING = `
  id name description category status version lastVerifiedAt createdAt updatedAt
  organization { id }
  taxonomyTerms { code name }
  capacity { available maximum unit updatedAt stale }
  languages acceptedInsurance requiredDocuments applicationProcess url email
  eligibility { minimumAge maximumAge populations description }
  costOptions { option amount currency }
  openNow
  locations {
    id name confidential timeZone latitude longitude accessibility
    address { address1 address2 city stateProvince postalCode country }
    phones { number type description }
    schedules { weekday opensAt closesAt }
  }`;

export const CREATE_SERVICE = `mutation($input: CreateServiceInput!) { createService(input: $input) { service { ${LISTING} } } }`;
export const UPDATE_SERVICE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) { service { ${LISTING} } } }`;
export const UPDATE_CAPACITY = `mutation($input: UpdateCapacityInput!) { updateCapacity(input: $input) { service { id version capacity { available maximum unit updatedAt stale } } } }`;
export const VERIFY_SERVICE = `mutation($id: ID!) { verifyService(id: $id) { service { id version lastVerifiedAt } } }`;
export const SERVICE = `query($id: ID!) { service(id: $id) { ${LISTING} } }`;

/** A downtown location in Harbor County, open weekdays 9 to 5 in New York time. */
export const aLocation = (overrides: Record<string, unknown> = {}) => ({
  name: 'Main office',
  address: { address1: '100 Harbor St', city: 'Harborview', stateProvince: 'NY', postalCode: '10001', country: 'US' },
  latitude: 40.75,
  longitude: -73.99,
  timeZone: 'America/New_York',
  phones: [{ number: '(555) 201-0000', type: 'voice' }],
  schedules: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '17:00' })),
  ...overrides,
});

export interface TestService {
  id: string;
  name: string;
  category: string;
  organizationId: string;
  version: number;
  [field: string]: any;
}

/** A listing created through createService by `token` (agency staff: their own organization; admins: name organizationId). */
export async function aService(beacon: Beacon, token: string, overrides: Record<string, unknown> = {}): Promise<TestService> {
  const input = {
    name: `Service ${randomUUID().slice(0, 8)}`,
    description: 'Help for people in recovery in Harbor County.',
    category: 'TREATMENT',
    locations: [aLocation()],
    ...overrides,
  };
  const data = await beacon.ok(CREATE_SERVICE, { input }, token);
  const service = data.createService.service;
  return { ...service, organizationId: service.organization.id };
}

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
