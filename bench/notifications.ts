import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { Pool } from 'pg';
import WebSocket from 'ws';
import { SYNTHETIC_PASSWORD } from '../seeds/synthetic/clients';
import { DELIVERIES_CHANNEL } from '../src/notifications/outbox';
import { loadAverage } from './figures';
import type { Gql } from './gql-client';
import { percentile } from './load';
import { ADD_REFERRAL_NOTE, CREATE_WEBHOOK, LOGIN, REFERRAL_UPDATES } from './operations';

/**
 * The issue's notification figures, against a Beacon process of their own:
 *
 * Subscriptions. SUBSCRIPTIONS graphql-ws sockets with one subscription each, as coach apps
 * hold them: one socket per signed-in device, the referral screen's subscription (the contract's
 * ReferralUpdates document, filtered by referralId). Each watches a referral of its coach's own
 * caseload, spread round robin over the synthetic coaches (at scale 1 one referral for each of
 * 1,000 coaches; at 0.02 the 19 coaches hold some 50 sockets each, which costs the server the
 * same: nothing is shared between sockets). An open-loop driver then adds notes to
 * those referrals through the API at a fixed rate (the issue's 200 a second: each referral gets one
 * every 5 s), whatever the answers take. So each subscription should receive
 * exactly the versions the mutations on its referral returned: lost = expected − received,
 * duplicates counted apart. Latency is receipt in this process minus the event's `at` (PostgreSQL's
 * clock_timestamp() as the change wrote its event, on the same machine).
 *
 * Webhooks. A receiver on 127.0.0.1 that answers 204 at once, a webhook (createWebhook, as the
 * admin) for each of the WEBHOOK_ORGANIZATIONS agencies that received most referrals, and then
 * WEBHOOK_DELIVERIES deliveries written in one SQL transaction (events and their delivery rows as
 * the outbox writes them, one delivery each). Writing them through the API would measure the
 * mutations instead: they run at a fraction of the workers' pace, and the workers drain as they
 * come. Timed from that commit until the receiver has had every one; each must arrive exactly once
 * (by webhook-id, per webhook). The bench's webhooks, events and deliveries are removed afterwards,
 * so a reused database stays as it was built (the notes stay: they are ordinary changes).
 */
export const SUBSCRIPTIONS = 1_000;
const WEBHOOK_DELIVERIES = 10_000;
const WEBHOOK_ORGANIZATIONS = 20;
/** Once every change has answered, the wait goes on while updates keep arriving: what has not come this long after the last one is lost. */
const DRAIN_MS = 10_000;
/** Sockets opened, and coaches signed in, at the same time. */
const OPENING = 25;
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
/** Webhook URLs start with this on the receiver, followed by the webhook's number. */
const HOOK_PATH = '/beacon-bench-hook/';

/**
 * What the Beacon process needs for this part: room for the sockets (the few synthetic coaches of
 * a small scale hold many each, far past a person's share), http receivers on 127.0.0.1, and
 * /metrics to see the subscriptions listen.
 */
export const NOTIFICATIONS_ENV = {
  SUBSCRIPTION_SOCKETS: String(SUBSCRIPTIONS),
  SUBSCRIPTION_SOCKETS_PER_USER: String(SUBSCRIPTIONS),
  WEBHOOK_ALLOW_INSECURE: 'true',
  METRICS_TOKEN,
};

export interface SubscriptionFigures {
  subscriptions: number;
  changesPerSecond: number;
  seconds: number;
  /** Changes the API refused or did not answer during the measured seconds; `expected` counts those it accepted. */
  failedChanges: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /** Updates received that no accepted change made: a failed change's that committed after all. */
  unexpected: number;
  /** Delivery latency, ms: receipt here minus the event's `at`. */
  p50: number;
  p95: number;
  p99: number;
  /** Accepted changes over the seconds from the first sent to the last answered: below changesPerSecond, Beacon did not keep up. */
  committedPerSecond: number;
  /** addReferralNote's round trip, ms. */
  changeP50: number;
  changeP95: number;
  /** How late the driver sent its latest change against its schedule, in ms (the bench's own process kept up if small). */
  driverLagMs: number;
  loadAverage: number[];
}

export interface WebhookFigures {
  deliveries: number;
  webhooks: number;
  seconds: number;
  perSecond: number;
  /** Deliveries that arrived more than once, and those that never did. */
  repeated: number;
  missing: number;
  loadAverage: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `work` over `items`, `concurrency` at a time. */
async function eachLimited<T>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  }));
}

async function until(what: string, ms: number, holds: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms / 1000} s`);
    await sleep(100);
  }
}

/** One watched referral: the coach whose caseload it is, and the versions seen on each side. */
interface Watch {
  referralId: string;
  email: string;
  /** Versions the warm-up's and the measured changes returned. */
  warm: Set<number>;
  measured: Set<number>;
  /**
   * Each update received: its `at` and its latency, in ms. Not its referral's version: that is
   * the referral as it is when the update is delivered, so two changes close together both show
   * the later one. The event's own version is looked up by `at` at the end.
   */
  received: { at: number; ms: number }[];
}

async function watchedReferrals(pool: Pool, count: number, excludedEmail: string): Promise<Watch[]> {
  // Round robin over the coaches (and so over their organizations), each coach's referrals in id order.
  const { rows } = await pool.query<{ id: string; email: string }>(
    `SELECT r.id, u.email
       FROM referral r JOIN client c ON c.id = r.client_id JOIN app_user u ON u.id = c.assigned_coach_id
      WHERE u.role = 'COACH' AND u.active AND u.email <> $2 AND r.referring_organization_id = u.organization_id AND r.status <> 'ENTERED_IN_ERROR'
      ORDER BY row_number() OVER (PARTITION BY u.id ORDER BY r.id), r.id
      LIMIT $1`,
    [count, excludedEmail],
  );
  if (rows.length < count) throw new Error(`the bench database has ${rows.length} coach referrals to watch, ${count} needed`);
  return rows.map((r) => ({ referralId: r.id, email: r.email, warm: new Set(), measured: new Set(), received: [] }));
}

async function subscriptionsListening(beaconUrl: string): Promise<number> {
  const response = await fetch(new URL('/metrics', beaconUrl), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const line = (await response.text()).split('\n').find((l) => l.startsWith('beacon_subscriptions '));
  return Number(line?.split(' ')[1] ?? 0);
}

/** A graphql-ws socket signed in with `token`, resolved once Beacon has accepted its connection_init. */
function openSocket(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client: Client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: reject,
      on: { connected: () => resolve(client), closed: (event) => reject(new Error(`socket closed: ${(event as { code: number }).code}`)) },
    });
  });
}

/**
 * Changes at `rate` a second for `seconds`, open loop: the i-th goes at start + i / rate whatever
 * the earlier ones are doing. Resolves when all have answered, with how late the latest was sent.
 */
async function drive(rate: number, seconds: number, change: (i: number) => Promise<void>): Promise<number> {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const answers: Promise<void>[] = [];
  let lag = 0;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    lag = Math.max(lag, performance.now() - due);
    answers.push(change(i));
  }
  await Promise.all(answers);
  return lag;
}

async function benchSubscriptions(gql: Gql, beaconUrl: string, databaseUrl: string, seconds: number, rate: number, excludedEmail: string): Promise<SubscriptionFigures> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const sockets: Client[] = [];
  try {
    const watches = await watchedReferrals(pool, SUBSCRIPTIONS, excludedEmail);
    const tokens = new Map<string, string>();
    const emails = [...new Set(watches.map((w) => w.email))];
    console.log(`signing in ${emails.length} coaches`);
    await eachLimited(emails, OPENING, async (email) => {
      tokens.set(email, (await gql(LOGIN, { email, password: SYNTHETIC_PASSWORD })).login.token);
    });

    console.log(`opening ${SUBSCRIPTIONS} sockets with a ReferralUpdates subscription each`);
    const wsUrl = beaconUrl.replace(/^http/, 'ws');
    let subscriptionErrors = 0;
    let firstSubscriptionError: unknown = null;
    const failed = (error: unknown) => {
      subscriptionErrors++;
      firstSubscriptionError ??= error;
    };
    let lastReceipt = Date.now();
    await eachLimited(watches, OPENING, async (watch) => {
      const socket = await openSocket(wsUrl, tokens.get(watch.email)!);
      sockets.push(socket);
      socket.subscribe(
        { query: REFERRAL_UPDATES, variables: { filter: { referralId: watch.referralId } } },
        {
          next: ({ data, errors }) => {
            const received = (lastReceipt = Date.now());
            if (errors) failed(errors);
            const update = (data as { referralUpdates?: { at: string } } | undefined)?.referralUpdates;
            if (update) {
              const at = Date.parse(update.at);
              watch.received.push({ at, ms: received - at });
            }
          },
          error: failed,
          complete: () => undefined,
        },
      );
    });
    // graphql-ws acknowledges no subscription: a change made before Beacon listens would be missed by the bench, not by Beacon.
    await until(`${SUBSCRIPTIONS} subscriptions listening`, 60_000, async () => (await subscriptionsListening(beaconUrl)) >= SUBSCRIPTIONS);

    let failedChanges = 0;
    let firstFailure: unknown = null;
    const answered: number[] = [];
    const change = (phase: 'warm' | 'measured') => async (i: number) => {
      const watch = watches[i % watches.length];
      const sent = performance.now();
      try {
        const data = await gql(ADD_REFERRAL_NOTE, { input: { referralId: watch.referralId, body: `Benchmark note ${i}: checked in by phone.` } }, tokens.get(watch.email));
        watch[phase].add(data.addReferralNote.referral.version);
        if (phase === 'measured') answered.push(performance.now() - sent);
      } catch (error) {
        failedChanges++;
        firstFailure ??= error;
      }
    };
    const since = new Date(Date.now() - 1000);
    const warmSeconds = Math.min(3, seconds);
    console.log(`warming up: ${rate} changes/s for ${warmSeconds} s`);
    await drive(rate, warmSeconds, change('warm'));
    const loadBefore = loadAverage();
    console.log(`measuring: ${rate} changes/s for ${seconds} s (load average ${loadBefore.join(' ')})`);
    const driveStarted = performance.now();
    const driverLagMs = await drive(rate, seconds, change('measured'));
    const driveSeconds = (performance.now() - driveStarted) / 1000;
    if (firstFailure) console.log(`${failedChanges} changes failed; the first: ${String(firstFailure).slice(0, 300)} ${String((firstFailure as Error).cause ?? '')}`);
    const heard = () => watches.every((w) => new Set(w.received.map((r) => r.at)).size >= w.warm.size + w.measured.size);
    await until('every update heard, or none for a while', 3600_000, () => heard() || Date.now() - lastReceipt > DRAIN_MS);
    // Under overload an update may fail to resolve (a pool timeout, say): counted and shown, not lost silently.
    if (subscriptionErrors > 0) console.log(`${subscriptionErrors} subscription results carried errors; the first: ${JSON.stringify(firstSubscriptionError).slice(0, 300)}`);

    const { rows: events } = await pool.query<{ referral_id: string; at: Date; version: number }>(
      'SELECT referral_id, at, version FROM referral_update WHERE referral_id = ANY($1::uuid[]) AND at >= $2',
      [watches.map((w) => w.referralId), since],
    );
    const versionOf = new Map(events.map((e) => [`${e.referral_id} ${e.at.getTime()}`, e.version]));
    let expected = 0;
    let delivered = 0;
    let duplicates = 0;
    let unexpected = 0;
    const latencies: number[] = [];
    for (const watch of watches) {
      expected += watch.measured.size;
      const seen = new Set<number>();
      for (const { at, ms } of watch.received) {
        const version = versionOf.get(`${watch.referralId} ${at}`);
        if (version !== undefined && watch.warm.has(version)) continue;
        if (version === undefined || !watch.measured.has(version)) unexpected++; // a failed change's that committed after all, or nobody's
        else if (seen.has(version)) duplicates++;
        else {
          seen.add(version);
          latencies.push(ms);
        }
      }
      delivered += seen.size;
    }
    latencies.sort((a, b) => a - b);
    answered.sort((a, b) => a - b);
    return {
      subscriptions: SUBSCRIPTIONS,
      changesPerSecond: rate,
      seconds,
      failedChanges,
      expected,
      delivered,
      lost: expected - delivered,
      duplicates,
      unexpected,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      committedPerSecond: Math.round(expected / driveSeconds),
      changeP50: Math.round(percentile(answered, 50)),
      changeP95: Math.round(percentile(answered, 95)),
      driverLagMs: Math.round(driverLagMs),
      loadAverage: loadBefore,
    };
  } finally {
    await Promise.all(sockets.map((s) => s.dispose()));
    await pool.end();
  }
}

/** The local receiver: answers 204 at once and counts each (webhook path, webhook-id) it is sent. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  let lastArrival = 0;
  const server = createServer((request, response) => {
    const key = `${request.url} ${request.headers['webhook-id']}`;
    const count = (arrivals.get(key) ?? 0) + 1;
    arrivals.set(key, count);
    if (count === 1) lastArrival = performance.now();
    request.resume();
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${HOOK_PATH}`,
    arrivals,
    lastArrival: () => lastArrival,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Removes what an earlier (or this) run of the webhook bench left in the database. */
async function removeBenchWebhooks(pool: Pool): Promise<void> {
  await pool.query(
    `WITH hooks AS (SELECT id FROM webhook WHERE url LIKE $1),
          gone AS (DELETE FROM webhook_delivery d USING hooks WHERE d.webhook_id = hooks.id RETURNING d.event_id)
     DELETE FROM referral_update e USING gone WHERE e.id = gone.event_id`,
    [`http://127.0.0.1:%${HOOK_PATH}%`],
  );
  await pool.query(`DELETE FROM webhook WHERE url LIKE $1`, [`http://127.0.0.1:%${HOOK_PATH}%`]);
}

async function benchWebhooks(gql: Gql, databaseUrl: string, adminToken: string): Promise<WebhookFigures> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const receiver = await startReceiver();
  try {
    const { rows: agencies } = await pool.query<{ id: string }>(
      `SELECT receiving_organization_id AS id FROM referral WHERE status NOT IN ('DRAFT', 'CANCELLED', 'ENTERED_IN_ERROR')
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $1`,
      [WEBHOOK_ORGANIZATIONS],
    );
    const paths = new Map<string, string>();
    for (const [n, agency] of agencies.entries()) {
      const url = `${receiver.url}${n}`;
      const { createWebhook } = await gql(CREATE_WEBHOOK, { input: { organizationId: agency.id, url } }, adminToken);
      paths.set(createWebhook.webhook.id, new URL(url).pathname);
    }

    console.log(`queueing ${WEBHOOK_DELIVERIES} webhook deliveries to ${paths.size} webhooks`);
    const loadBefore = loadAverage();
    const client = await pool.connect();
    let queued: { webhook_id: string; event_id: string }[];
    let started: number;
    try {
      await client.query('BEGIN');
      // Sent referrals received by the webhooks' agencies, round robin; each event as the outbox writes it, with one delivery.
      ({ rows: queued } = await client.query(
        `WITH hooks AS (SELECT id, organization_id FROM webhook WHERE id = ANY($1::uuid[])),
              picked AS (
                SELECT r.id, r.version, r.status, r.receiving_organization_id, r.referring_organization_id, row_number() OVER (ORDER BY r.id) AS n
                  FROM referral r JOIN hooks h ON h.organization_id = r.receiving_organization_id
                 WHERE r.status NOT IN ('DRAFT', 'CANCELLED', 'ENTERED_IN_ERROR')
                 LIMIT $2),
              events AS (
                INSERT INTO referral_update (referral_id, kind, version, status, receiving_organization_id, referring_organization_id, sent)
                SELECT p.id, 'NOTE_ADDED', p.version, p.status, p.receiving_organization_id, p.referring_organization_id, true
                  FROM generate_series(1, $2::int) g JOIN picked p ON p.n = 1 + (g - 1) % (SELECT count(*) FROM picked)
                RETURNING id, referral_id, kind, receiving_organization_id)
         INSERT INTO webhook_delivery (webhook_id, event_id, kind, referral_id)
         SELECT h.id, e.id, e.kind, e.referral_id FROM events e JOIN hooks h ON h.organization_id = e.receiving_organization_id
         RETURNING webhook_id, event_id`,
        [[...paths.keys()], WEBHOOK_DELIVERIES],
      ));
      await client.query(`SELECT pg_notify('${DELIVERIES_CHANNEL}', '')`);
      await client.query('COMMIT');
      started = performance.now();
    } finally {
      client.release();
    }

    const expected = new Set(queued.map((q) => `${paths.get(q.webhook_id)} ${q.event_id}`));
    const arrived = () => [...expected].every((key) => receiver.arrivals.has(key));
    // At 1 delivery a second the 10,000 would still be done in three hours; a stall ends the wait sooner.
    let count = 0;
    let progressAt = performance.now();
    await until('every webhook delivery received', 3 * 3600_000, () => {
      if (receiver.arrivals.size !== count) [count, progressAt] = [receiver.arrivals.size, performance.now()];
      if (performance.now() - progressAt > 30_000) throw new Error(`webhook deliveries stalled at ${count} of ${expected.size}`);
      return count >= expected.size && arrived();
    });
    const seconds = (receiver.lastArrival() - started) / 1000;
    await until('every delivery DELIVERED', 30_000, async () => {
      const { rows } = await pool.query(`SELECT count(*)::int AS pending FROM webhook_delivery WHERE webhook_id = ANY($1::uuid[]) AND status <> 'DELIVERED'`, [[...paths.keys()]]);
      return rows[0].pending === 0;
    });
    return {
      deliveries: expected.size,
      webhooks: paths.size,
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round(expected.size / seconds),
      repeated: [...receiver.arrivals.values()].filter((n) => n > 1).length,
      missing: [...expected].filter((key) => !receiver.arrivals.has(key)).length,
      loadAverage: loadBefore,
    };
  } finally {
    await removeBenchWebhooks(pool).catch((error) => console.error('could not remove the bench webhooks', error));
    await receiver.stop();
    await pool.end();
  }
}

export interface NotificationsRun {
  gql: Gql;
  /** The Beacon process's /graphql, started with NOTIFICATIONS_ENV. */
  beaconUrl: string;
  databaseUrl: string;
  seconds: number;
  /** Changes a second during the subscriptions' seconds (the issue's figure: 200). */
  changesPerSecond: number;
  adminToken: string;
  /** A coach whose password the bench changed (benchUsers): not one of the synthetic sign-ins. */
  excludedEmail: string;
}

/** Subscriptions, then webhooks, on a database cleared of what an interrupted run may have left (its webhooks would take deliveries of the notes). */
export async function benchNotifications(run: NotificationsRun): Promise<{ subscriptions: SubscriptionFigures; webhooks: WebhookFigures }> {
  const pool = new Pool({ connectionString: run.databaseUrl, max: 1 });
  try {
    await removeBenchWebhooks(pool);
  } finally {
    await pool.end();
  }
  const subscriptions = await benchSubscriptions(run.gql, run.beaconUrl, run.databaseUrl, run.seconds, run.changesPerSecond, run.excludedEmail);
  const webhooks = await benchWebhooks(run.gql, run.databaseUrl, run.adminToken);
  return { subscriptions, webhooks };
}

const fixed = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(0));

export function printNotifications({ subscriptions: s, webhooks: w }: { subscriptions: SubscriptionFigures; webhooks: WebhookFigures }): void {
  console.log(
    `\nSubscriptions: ${s.subscriptions} sockets × 1 ReferralUpdates subscription, ${s.changesPerSecond} changes/s (addReferralNote) for ${s.seconds} s, load average ${s.loadAverage.join(' ')}`,
  );
  console.log('| failed changes | expected | delivered | lost | duplicates | unexpected | p50 ms | p95 ms | p99 ms | committed/s | change p50 / p95 ms | driver lag ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${s.failedChanges} | ${s.expected} | ${s.delivered} | ${s.lost} | ${s.duplicates} | ${s.unexpected} | ${fixed(s.p50)} | ${fixed(s.p95)} | ${fixed(s.p99)} | ${s.committedPerSecond} | ${s.changeP50} / ${s.changeP95} | ${s.driverLagMs} |`,
  );
  console.log(
    `\nWebhooks: ${w.deliveries} deliveries to ${w.webhooks} webhooks on a local receiver drained in ${w.seconds} s: ${w.perSecond} deliveries/s ` +
      `(${w.repeated} arrived twice, ${w.missing} never; load average ${w.loadAverage.join(' ')})`,
  );
}
