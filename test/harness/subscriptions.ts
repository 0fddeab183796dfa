import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { clientDocument } from '../../src/trusted-documents/manifest';
import type { Beacon, GraphQLResponse } from './beacon';
import { eventually } from './eventually';

/** The contract's document: what the coach app and the agency portal send. */
export const REFERRAL_UPDATES = clientDocument('ReferralUpdates');

/** A wider selection than the contract's, to tell what each subscriber may see of the client and the reasons. */
export const REFERRAL_UPDATES_DETAILED = `subscription($filter: ReferralUpdatesFilter) {
  referralUpdates(filter: $filter) {
    eventId kind version at
    referral {
      id status version
      client { alias firstName lastName phone }
      history { to reason }
      notes { body }
      outcome { type note }
    }
  }
}`;

/** Metrics must be on (METRICS_TOKEN) for subscribers to be counted: startLiveBeacon's env has it. */
export const LIVE_ENV = { METRICS_TOKEN: 'subscriptions-test-metrics-token' };

export interface Closed {
  code: number;
  reason: string;
}

/** A graphql-ws connection to `beacon`'s /graphql, signed in with `token` (none: no connectionParams at all). */
export interface Connection {
  client: Client;
  /** Resolves when the socket closes, with its code and reason. */
  closed: Promise<Closed>;
  subscribe(query?: string, variables?: Record<string, unknown>): Subscription;
  close(): Promise<void>;
}

/** One subscription: what it received, in order. */
export interface Subscription {
  results: GraphQLResponse[];
  /** The next result not yet taken by next(); fails the test after `ms`. */
  next(ms?: number): Promise<GraphQLResponse>;
  /** Resolves with the errors of an `error` message, or with [] when the subscription completes. */
  ended: Promise<readonly unknown[]>;
  stop(): void;
}

export function wsUrl(beacon: Beacon): string {
  return `${beacon.url.replace(/^http/, 'ws')}/graphql`;
}

/**
 * Opens a bare socket speaking graphql-ws's subprotocol, sending nothing; resolves with the HTTP
 * status (and headers) of a refused upgrade, or 101 once open.
 */
export function upgrade(beacon: Beacon): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(beacon), 'graphql-transport-ws');
    socket.once('open', () => resolve({ status: 101, headers: {}, socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers, socket });
      response.resume();
    });
    socket.once('error', (error) => (error.message.startsWith('Unexpected server response') ? undefined : reject(error)));
  });
}

/** Resolves with the code and reason a bare socket closes with. */
export function closedWith(socket: WebSocket): Promise<Closed> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
}

export function connect(beacon: Beacon, token?: string, authorization = token && `Bearer ${token}`): Connection {
  let closedWith: (closed: Closed) => void;
  const closed = new Promise<Closed>((resolve) => (closedWith = resolve));
  const client = createClient({
    url: wsUrl(beacon),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : undefined,
    retryAttempts: 0,
    lazy: false,
    // Surface a refused connection through `closed` rather than as an unhandled error.
    onNonLazyError: () => undefined,
    on: { closed: (event) => { const { code, reason } = event as Closed; closedWith({ code, reason: String(reason) }); } },
  });
  return {
    client,
    closed,
    subscribe: (query = REFERRAL_UPDATES, variables = {}) => subscription(client, query, variables),
    close: () => client.dispose() as Promise<void>,
  };
}

function subscription(client: Client, query: string, variables: Record<string, unknown>): Subscription {
  const results: GraphQLResponse[] = [];
  const waiting: ((result: GraphQLResponse) => void)[] = [];
  let taken = 0;
  let endedWith: (errors: readonly unknown[]) => void;
  const ended = new Promise<readonly unknown[]>((resolve) => (endedWith = resolve));
  const stop = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        results.push(result as GraphQLResponse);
        waiting.shift()?.(result as GraphQLResponse);
      },
      error: (error) => endedWith(Array.isArray(error) ? error : [error]),
      complete: () => endedWith([]),
    },
  );
  return {
    results,
    ended,
    stop,
    next(ms = 5000) {
      const index = taken++;
      if (index < results.length) return Promise.resolve(results[index]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no result #${index + 1} within ${ms} ms`)), ms);
        waiting.push((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
  };
}

async function gauge(beacon: Beacon, name: string): Promise<number> {
  const metric = beacon.metrics?.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no ${name}: start the Beacon with LIVE_ENV`);
  return (await metric.get()).values[0]?.value ?? 0;
}

/**
 * Waits until `count` subscriptions listen on `beacon` (graphql-ws sends no acknowledgement of a
 * subscription, so a change made before that could be missed by the test, not by Beacon).
 */
export function listening(beacon: Beacon, count: number): Promise<void> {
  return eventually(async () => (await gauge(beacon, 'beacon_subscriptions')) === count, `${count} subscriptions`, 5000).then(() => undefined);
}

/** Waits until `count` graphql-ws sockets are open on `beacon` (a closed client's socket closes on the server a moment later). */
export function openSockets(beacon: Beacon, count: number): Promise<void> {
  return eventually(async () => (await gauge(beacon, 'beacon_subscription_sockets')) === count, `${count} sockets`, 5000).then(() => undefined);
}

/** Gives anything in flight time to arrive, for tests that a subscriber heard nothing. */
export function settle(ms = 400): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
