import { Client, type ClientConfig, type Notification, type QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '../common/log';
import type { ReferralUpdateKind } from './enums';
import { UPDATES_CHANNEL } from './outbox';
import { Feed } from './subscription-stream';

/** One committed change as the outbox recorded it, and the load that brought it (`batch`: the viewer is checked again once per batch). */
export interface UpdateEvent {
  id: string;
  referralId: string;
  kind: ReferralUpdateKind;
  /** The referral's version once the change was made. */
  version: number;
  receivingOrganizationId: string;
  referringOrganizationId: string;
  /** Whether the referral had been sent when the change was made: the receiving organization never hears of a draft. */
  sent: boolean;
  at: Date;
  batch: number;
}

const COLUMNS = `id, referral_id AS "referralId", kind, version, receiving_organization_id AS "receivingOrganizationId",
  referring_organization_id AS "referringOrganizationId", sent, at`;
/** Waits between attempts to LISTEN again, doubling up to the last. */
const RECONNECT_DELAYS_MS = [100, 200, 400, 800, 1600, 3200, 5000];
/** Event ids remembered, so one that both a catch-up and a notification bring is delivered once. */
const REMEMBERED_IDS = 10_000;
/**
 * How far before the newest event read a catch-up starts: `at` is when a change was made, not when
 * it committed, so a change made before that event may have committed while nobody listened.
 */
const CATCH_UP_MARGIN_MS = 60_000;
/**
 * How often the LISTEN connection is asked `SELECT 1`, and how long it has to answer. TCP
 * keepalive alone notices a connection that died silently (a NAT or firewall forgetting it, a
 * failover) only after hours, and LISTEN itself sends nothing; meanwhile no update would arrive.
 */
const PING_EVERY_MS = 15_000;
const PING_TIMEOUT_MS = 5_000;

interface Listener {
  accepts: (event: UpdateEvent) => boolean;
  feed: Feed<UpdateEvent>;
  /** When it subscribed: a catch-up replays to it only what was changed since. */
  since: Date;
}

/**
 * This instance's end of the outbox: one PostgreSQL connection of its own (outside the pool, whose
 * connections come and go) LISTENs on the updates channel. Notifications carry only event ids;
 * those that arrive together are read in one statement, in the order they were committed, and
 * handed to every local feed that accepts them. Batches are read one after another, so each feed
 * receives a referral's events in version order (its row lock orders the commits).
 *
 * The connection is opened at the first subscription. When it drops it is opened again, and the
 * events recorded meanwhile are read from the outbox, so a blip loses nothing.
 */
export class UpdateFanOut {
  private readonly listeners = new Set<Listener>();
  private client: Client | null = null;
  private listening: Promise<void> | null = null;
  private pending: string[] = [];
  private loads: Promise<void> = Promise.resolve();
  private batches = 0;
  /** The newest `at` read so far (or the instant LISTEN began): a catch-up reads what came after it. */
  private seenUntil: Date | null = null;
  private readonly delivered = new Set<string>();
  private retry: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;
  /**
   * Ids a catch-up read again, until their batch is read: one changed before a subscription began
   * is not replayed to it (`at` is the database's clock, `since` this process's; a change begun
   * before the subscription and committed while nobody listened is left to polling).
   */
  private readonly replayed = new Set<string>();
  private stopped = false;

  constructor(
    private readonly connection: ClientConfig,
    private readonly dataSource: DataSource,
    private readonly log: Logger,
  ) {}

  /** Subscriptions listening on this instance. */
  get size(): number {
    return this.listeners.size;
  }

  /** The events `accepts` lets through, from the moment this resolves until the feed is returned; `onOverflow` when they pile up unread (Feed). */
  async subscribe(accepts: (event: UpdateEvent) => boolean, onOverflow?: () => void): Promise<Feed<UpdateEvent>> {
    this.listening ??= this.listen().catch((error) => {
      this.listening = null; // the next subscription tries again
      throw error;
    });
    await this.listening;
    const listener: Listener = { accepts, feed: new Feed(() => this.listeners.delete(listener), onOverflow), since: new Date() };
    this.listeners.add(listener);
    return listener.feed;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.ping) clearInterval(this.ping);
    await Promise.all([...this.listeners].map((l) => l.feed.return()));
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.loads;
  }

  private async listen(): Promise<void> {
    const client = new Client(this.connection);
    client.on('notification', (message: Notification) => this.notified(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${UPDATES_CHANNEL}`);
      const { rows } = await client.query<{ now: Date }>('SELECT clock_timestamp() AS now');
      if (this.stopped) throw new Error('stopped');
      this.client = client;
      this.seenUntil ??= rows[0].now;
      this.pingEvery(client);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** A ping that fails or goes unanswered counts as the connection lost: listen again, and catch up. */
  private pingEvery(client: Client): void {
    if (this.ping) clearInterval(this.ping);
    this.ping = setInterval(() => {
      // pg's per-query timeout (not in its types' QueryConfig).
      client.query({ text: 'SELECT 1', query_timeout: PING_TIMEOUT_MS } as QueryConfig).catch((error: Error) => this.lost(client, error));
    }, PING_EVERY_MS);
    this.ping.unref();
  }

  private notified(message: Notification): void {
    if (message.channel === UPDATES_CHANNEL && message.payload) this.enqueue([message.payload]);
  }

  private enqueue(ids: string[]): void {
    const first = this.pending.length === 0;
    this.pending.push(...ids);
    // Whatever arrives while a batch is being read joins the next one.
    if (first) this.loads = this.loads.then(() => this.load());
  }

  private async load(): Promise<void> {
    const ids = [...new Set(this.pending)].filter((id) => !this.delivered.has(id));
    this.pending = [];
    const replayed = new Set(this.replayed);
    this.replayed.clear();
    if (ids.length === 0) return;
    if (this.listeners.size === 0) {
      // Nobody to tell: nothing to read, and nothing to catch up on for anyone before now.
      this.seenUntil = new Date();
      return;
    }
    try {
      const rows: UpdateEvent[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM referral_update WHERE id = ANY($1::uuid[])`, [ids]);
      const order = new Map(ids.map((id, i) => [id, i]));
      rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const batch = ++this.batches;
      for (const row of rows) {
        this.remember(row);
        const event = { ...row, batch };
        for (const listener of this.listeners) {
          if (replayed.has(row.id) && event.at < listener.since) continue;
          if (listener.accepts(event)) listener.feed.push(event);
        }
      }
    } catch (error) {
      this.log.error({ err: error }, 'referral updates could not be read; their subscribers miss them');
    }
  }

  private remember(row: UpdateEvent): void {
    this.delivered.add(row.id);
    if (this.delivered.size > REMEMBERED_IDS) this.delivered.delete(this.delivered.values().next().value!);
    if (!this.seenUntil || row.at > this.seenUntil) this.seenUntil = row.at;
  }

  private lost(client: Client, error?: Error): void {
    if (client !== this.client || this.stopped) return;
    this.client = null;
    if (this.ping) clearInterval(this.ping);
    this.log.warn({ err: error }, 'the referral updates connection dropped; listening again');
    client.end().catch(() => undefined);
    this.reconnect(0);
  }

  private reconnect(attempt: number): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
    this.retry = setTimeout(async () => {
      try {
        await this.listen();
        await this.catchUp();
        this.log.info('listening to referral updates again');
      } catch (error) {
        // listen() may have succeeded before the catch-up failed: that connection is dropped too, and opened again.
        const opened = this.client;
        this.client = null;
        if (this.ping) clearInterval(this.ping);
        await opened?.end().catch(() => undefined);
        if (this.stopped) return;
        if (attempt === 0) this.log.warn({ err: error }, 'could not listen to referral updates yet; retrying');
        this.reconnect(attempt + 1);
      }
    }, delay);
  }

  /** Events that may have committed while nobody listened; those already delivered are dropped when the batch is read. */
  private async catchUp(): Promise<void> {
    if (!this.seenUntil || this.listeners.size === 0) return;
    const since = new Date(this.seenUntil.getTime() - CATCH_UP_MARGIN_MS);
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM referral_update WHERE at > $1 ORDER BY at, version', [since]);
    for (const { id } of rows) this.replayed.add(id);
    this.enqueue(rows.map((r) => r.id));
  }
}
