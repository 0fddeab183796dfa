import type { Beacon, GraphQLResponse } from '../harness/beacon';

export const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }`;
export const VIEWER = `{ viewer { id } }`;
export const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { token expiresAt user { id email } } }`;
export const SET_USER_PASSWORD = `mutation($input: SetUserPasswordInput!) { setUserPassword(input: $input) { user { id email active } } }`;

export interface Sent<T = any> extends GraphQLResponse<T> {
  status: number;
  retryAfter: string | null;
}

/**
 * POSTs a GraphQL document as a client at `address`: the test talks to Beacon over loopback, a
 * trusted proxy hop, so X-Forwarded-For names the client as a load balancer would (a list is
 * what a client sent, then what the balancer appended).
 */
export async function send<T = any>(
  beacon: Beacon,
  query: string,
  variables: Record<string, unknown> = {},
  { token, address }: { token?: string; address?: string } = {},
): Promise<Sent<T>> {
  const response = await fetch(`${beacon.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(address ? { 'x-forwarded-for': address } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as GraphQLResponse<T>) };
}

/** One sign-in as a client at `address`. */
export const signIn = (beacon: Beacon, email: string, password: string, address?: string) => send(beacon, LOGIN, { e: email, p: password }, { address });

/** A fresh client address (RFC 5737 documentation range), so each test counts on its own. */
let addresses = 0;
export const anAddress = () => `203.0.113.${++addresses}`;
