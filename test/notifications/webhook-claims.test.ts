import { Pool } from 'pg';
import { startBeacon } from '../harness/beacon';
import { aReferral } from '../harness/builders';
import { createTestDatabase } from '../harness/databases';
import { aReferralWorld } from '../harness/world';
import { claimDue, LEASE_SECONDS, release, settle, type Claim } from '../../src/notifications/webhook-claims';
import { ATTEMPT_TIMEOUT_MS } from '../../src/notifications/webhook-request';
import { aWebhook } from './webhook-receiver';

/**
 * The claim table's rules, driven straight through webhook-claims.ts on a database no worker
 * runs on (the Beacon that made the webhooks and the events is stopped first): which attempts a
 * claim takes, and which claim may write a result.
 */
let database: { url: string; drop: () => Promise<void> };
let db: Pool;
let hooks: { a: string; b: string; c: string };
let events: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  const beacon = await startBeacon({ WEBHOOK_ALLOW_INSECURE: 'true' }, { url: database.url, drop: async () => undefined });
  try {
    const w = await aReferralWorld(beacon);
    // Events first, webhooks after: the outbox writes no delivery, the tests write their own.
    for (let i = 0; i < 4; i++) await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    const url = 'http://127.0.0.1:9/never-called';
    hooks = {
      a: (await aWebhook(beacon, await w.people.agency.token(), url)).id,
      b: (await aWebhook(beacon, await w.people.supervisor.token(), url)).id,
      c: (await aWebhook(beacon, await w.people.otherAgency.token(), url)).id,
    };
  } finally {
    await beacon.stop();
  }
  db = new Pool({ connectionString: database.url, max: 4 });
  events = (await db.query('SELECT id FROM referral_update ORDER BY at')).rows.map((r) => r.id);
});
afterAll(async () => {
  await db.end();
  await database.drop();
});
beforeEach(() => db.query('DELETE FROM webhook_delivery'));

/** A due delivery of the n-th event to a webhook, due `agoSeconds` ago; its id. */
async function aDelivery(webhookId: string, n: number, agoSeconds: number): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO webhook_delivery (webhook_id, event_id, kind, referral_id, next_attempt_at)
     SELECT $1, id, kind, referral_id, now() - make_interval(secs => $3) FROM referral_update WHERE id = $2 RETURNING id`,
    [webhookId, events[n], agoSeconds],
  );
  return rows[0].id;
}

async function row(id: string): Promise<{ status: string; attempts: number; claim_id: string | null; last_response_status: number | null }> {
  return (await db.query('SELECT status, attempts, claim_id, last_response_status FROM webhook_delivery WHERE id = $1', [id])).rows[0];
}

/** As if the claim's instance had stalled past its lease. */
const expire = (claim: Claim) => db.query(`UPDATE webhook_delivery SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [claim.deliveryId]);

describe('which attempts a claim takes', () => {
  it('one per webhook, earliest due first, and none of a webhook while one of its attempts is in flight', async () => {
    const a1 = await aDelivery(hooks.a, 0, 30);
    const a2 = await aDelivery(hooks.a, 1, 20);
    await aDelivery(hooks.a, 2, 10);
    const b1 = await aDelivery(hooks.b, 0, 5);

    const first = await claimDue(db, 4);
    expect(first.map((c) => c.deliveryId).sort()).toEqual([a1, b1].sort());
    expect(first.map((c) => c.attempt)).toEqual([1, 1]);
    // Room for more, and more due, but each webhook already has its attempt in flight.
    expect(await claimDue(db, 4)).toEqual([]);

    await settle(db, first.find((c) => c.deliveryId === a1)!, { status: 'DELIVERED', responseStatus: 200 });
    expect((await claimDue(db, 4)).map((c) => c.deliveryId)).toEqual([a2]);
  });

  it('a webhook with a long queue takes turns with the others instead of filling every slot', async () => {
    for (let n = 0; n < 4; n++) await aDelivery(hooks.a, n, 60 - n);
    const b1 = await aDelivery(hooks.b, 0, 1);
    const c1 = await aDelivery(hooks.c, 0, 0);
    const claimed = await claimDue(db, 2);
    expect(claimed.map((c) => c.webhookId).sort()).toEqual([hooks.a, hooks.b].sort());
    expect(claimed.map((c) => c.deliveryId)).toContain(b1);
    expect((await claimDue(db, 2)).map((c) => c.deliveryId)).toEqual([c1]);
  });

  it('instances claiming at the same moment never hold two attempts of one webhook', async () => {
    for (const hook of [hooks.a, hooks.b, hooks.c]) for (let n = 0; n < 4; n++) await aDelivery(hook, n, 10 - n);
    const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: database.url, max: 1 }));
    try {
      const rounds = await Promise.all(pools.map((pool) => claimDue(pool, 4)));
      const webhooks = rounds.flat().map((c) => c.webhookId);
      expect(webhooks.sort()).toEqual([hooks.a, hooks.b, hooks.c].sort());
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('the lease outlasts an attempt comfortably', () => {
    expect(LEASE_SECONDS * 1000).toBeGreaterThanOrEqual(3 * ATTEMPT_TIMEOUT_MS);
  });
});

describe('which claim may write a result', () => {
  it('a late result from a claim whose lease ran out changes nothing; the newer claim records its own', async () => {
    const id = await aDelivery(hooks.a, 0, 1);
    const [stale] = await claimDue(db, 1);
    await expire(stale);
    const [fresh] = await claimDue(db, 1);
    expect(fresh.deliveryId).toBe(id);
    expect(fresh.claimId).not.toBe(stale.claimId);
    // The lost attempt may have been sent: it counts, and this one is the second.
    expect(fresh.attempt).toBe(2);

    await settle(db, stale, { status: 'DELIVERED', responseStatus: 200 });
    await release(db, stale);
    expect(await row(id)).toMatchObject({ status: 'PENDING', attempts: 1, claim_id: fresh.claimId, last_response_status: null });
    // Still in flight: nothing else of this webhook is claimed.
    expect(await claimDue(db, 1)).toEqual([]);

    await settle(db, fresh, { status: 'PENDING', responseStatus: 503, retryInSeconds: 60 });
    expect(await row(id)).toMatchObject({ status: 'PENDING', attempts: 2, claim_id: null, last_response_status: 503 });
  });

  it('an attempt handed back is due again at once and not counted; the count never goes down', async () => {
    const id = await aDelivery(hooks.b, 0, 1);
    const [first] = await claimDue(db, 1);
    await settle(db, first, { status: 'PENDING', responseStatus: 500, retryInSeconds: 0 });
    const [second] = await claimDue(db, 1);
    expect(second.attempt).toBe(2);
    await release(db, second);
    expect(await row(id)).toMatchObject({ attempts: 1, claim_id: null });
    // A second hand-back by the same claim (or a late one) takes nothing more away.
    await release(db, second);
    expect((await row(id)).attempts).toBe(1);

    const [again] = await claimDue(db, 1);
    expect(again.attempt).toBe(2);
    await settle(db, second, { status: 'FAILED', responseStatus: null });
    expect(await row(id)).toMatchObject({ status: 'PENDING', attempts: 1, claim_id: again.claimId });
  });
});
