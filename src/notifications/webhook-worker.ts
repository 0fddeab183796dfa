import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/log';
import { connectionOptions } from '../db/pool';
import { DELIVERIES_CHANNEL } from './outbox';
import { webhookBody } from './webhook-body';
import { claimDue, release, settle, type Claim, type Result } from './webhook-claims';
import { NoAnswer, post } from './webhook-request';
import { signature } from './webhook-signature';

/** Attempts one instance has in flight at most. */
const CONCURRENCY = 4;
/** How the worker's connections are named in pg_stat_activity. */
const APPLICATION_NAME = 'beacon-webhooks';
/** How often a worker looks for retries that have come due (new deliveries wake it at once). */
const POLL_MS = 1000;

/** After the attempt numbered `attempt` got `responseStatus`: delivered, retried after the next delay, or failed. */
export function resultOf(attempt: number, responseStatus: number | null, retryDelays: number[]): Result {
  if (responseStatus !== null && responseStatus >= 200 && responseStatus < 300) return { status: 'DELIVERED', responseStatus };
  if (attempt <= retryDelays.length) return { status: 'PENDING', responseStatus, retryInSeconds: retryDelays[attempt - 1] };
  return { status: 'FAILED', responseStatus };
}

/**
 * Sends webhook deliveries. Every instance runs one: it listens on DELIVERIES_CHANNEL so a new
 * delivery goes out at once, polls every second for retries that have come due, and claims
 * attempts from the shared table (webhook-claims.ts), so instances never send one attempt twice
 * and need not know of each other. It has connections of its own (one to LISTEN, a pool of two
 * for its statements), so its polling never takes a connection a request is waiting for. Logs
 * name the webhook and delivery, never the URL, the secret or the body.
 */
export class DeliveryWorker {
  private readonly db: Pool;
  private stopped = false;
  private listener: Client | null = null;
  private listening: Promise<void> | null = null;
  private poll: NodeJS.Timeout | null = null;
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.db = new Pool({ ...connectionOptions(dataSource, APPLICATION_NAME), max: 2 });
    // An idle connection that drops is replaced at the next claim; the error is only logged.
    this.db.on('error', (error) => this.log.warn({ err: error }, 'webhook worker lost a database connection'));
  }

  start(): void {
    this.poll = setInterval(() => {
      // A lost LISTEN connection is opened again here; until then the poll alone finds new deliveries.
      if (!this.listener) void this.listen();
      this.wake();
    }, POLL_MS);
    void this.listen();
    this.wake();
  }

  /** Stops claiming, closes the LISTEN connection, and hands back attempts in flight (due again at once, for any instance). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.listening;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    await this.claiming;
    this.stopping.abort();
    await Promise.all(this.inFlight);
    await this.db.end();
  }

  private listen(): Promise<void> {
    if (this.stopped || this.listening) return this.listening ?? Promise.resolve();
    const client = new Client(connectionOptions(this.dataSource, APPLICATION_NAME));
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'webhook worker lost its LISTEN connection; polling until it is back');
      if (this.listener === client) this.listener = null;
    });
    this.listening = (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN ${DELIVERIES_CHANNEL}`);
        if (this.stopped) await client.end();
        else this.listener = client;
      } catch (error) {
        this.log.warn({ err: error }, 'webhook worker could not LISTEN; polling until it can');
        await client.end().catch(() => undefined);
      } finally {
        this.listening = null;
      }
    })();
    return this.listening;
  }

  /** Claims what is due, up to the free slots; a wake while a claim runs claims again after it. */
  private wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claim()
      .catch((error) => this.log.error({ err: error }, 'webhook worker could not claim deliveries'))
      .finally(() => {
        this.claiming = null;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.wake();
        }
      });
  }

  private async claim(): Promise<void> {
    const room = CONCURRENCY - this.inFlight.size;
    if (room <= 0) return;
    for (const claim of await claimDue(this.db, room)) {
      const attempt = this.attempt(claim)
        .catch((error) => this.log.error({ err: error, webhookId: claim.webhookId, deliveryId: claim.deliveryId }, 'webhook attempt could not be recorded'))
        .finally(() => {
          this.inFlight.delete(attempt);
          // A slot is free: take whatever else is due.
          this.wake();
        });
      this.inFlight.add(attempt);
    }
  }

  private async attempt(claim: Claim): Promise<void> {
    // The webhook was deleted after this delivery was written: it stops here, unsent.
    if (!claim.active) return settle(this.db, claim, { status: 'FAILED', responseStatus: null });
    const body = webhookBody(claim.event);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Beacon-Webhooks',
      'webhook-id': claim.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature(claim.secret, claim.eventId, timestamp, body),
    };
    let responseStatus: number | null;
    try {
      responseStatus = await post(new URL(claim.url), headers, body, { allowInsecure: this.config.webhookAllowInsecure, signal: this.stopping.signal });
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      if (error.code === 'STOPPED') return release(this.db, claim);
      responseStatus = null;
      this.log.info({ webhookId: claim.webhookId, deliveryId: claim.deliveryId, attempt: claim.attempt, reason: error.code }, 'webhook attempt got no answer');
    }
    const result = resultOf(claim.attempt, responseStatus, this.config.webhookRetryDelays);
    if (result.status !== 'DELIVERED' && responseStatus !== null) {
      this.log.info({ webhookId: claim.webhookId, deliveryId: claim.deliveryId, attempt: claim.attempt, responseStatus }, 'webhook attempt refused');
    }
    if (result.status === 'FAILED') this.log.warn({ webhookId: claim.webhookId, deliveryId: claim.deliveryId, attempts: claim.attempt }, 'webhook delivery failed for good');
    await settle(this.db, claim, result);
  }
}
