import { Client } from 'pg';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral } from '../harness/builders';
import { createTestDatabase } from '../harness/databases';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { aReceiver, aWebhook, deliveriesOf, type Receiver } from './webhook-receiver';
import { eventually } from '../harness/eventually';

/**
 * Several Beacons on one database, as behind a load balancer: attempts are claimed in the
 * database, so each is sent once whichever instance gets it, and an instance that stops hands
 * its attempts back. The database belongs to this file; each Beacon is started on it and
 * stopped without dropping it.
 */
let database: { url: string; drop: () => Promise<void> };
const started: Beacon[] = [];
const receivers: Receiver[] = [];

async function instance(env: Record<string, string> = {}): Promise<Beacon> {
  const beacon = await startBeacon({ WEBHOOK_RETRY_DELAYS: '1,1', ...env }, { url: database.url, drop: async () => undefined });
  started.push(beacon);
  return beacon;
}

async function receiver(options?: Parameters<typeof aReceiver>[0]): Promise<Receiver> {
  const made = await aReceiver(options);
  receivers.push(made);
  return made;
}

async function stop(beacon: Beacon): Promise<void> {
  started.splice(started.indexOf(beacon), 1);
  await beacon.stop();
}

let w: ReferralWorld;
let first: Beacon;
beforeAll(async () => {
  database = await createTestDatabase();
  first = await instance({ WEBHOOK_ALLOW_INSECURE: 'true' });
  w = await aReferralWorld(first);
});
afterAll(async () => {
  await Promise.all(started.map((b) => b.stop()));
  await Promise.all(receivers.map((r) => r.close()));
  await database.drop();
});

const countBy = (values: string[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>()).values()];

it('two instances racing on one database send each attempt exactly once', async () => {
  const second = await instance({ WEBHOOK_ALLOW_INSECURE: 'true' });
  try {
    const agency = await w.people.agency.token();
    const happy = await receiver();
    const failing = await receiver({ answers: [500] });
    const happyHook = await aWebhook(first, agency, happy.url, { kinds: ['CREATED'] });
    const failingHook = await aWebhook(first, agency, failing.url, { kinds: ['CREATED'] });
    // Changes through both instances at once, so both workers are woken and claim side by side.
    const referrals = await Promise.all(
      Array.from({ length: 24 }, (_, i) => aReferral(i % 2 ? second : first, w.coachToken, { clientId: w.client.id, serviceId: w.service.id })),
    );

    const settled = async (hookId: string, status: string) => (await deliveriesOf(first, agency, hookId)).filter((d) => d.status === status).length === referrals.length;
    await eventually(() => settled(happyHook.id, 'DELIVERED'), 'every delivery to be DELIVERED', 20_000);
    await eventually(() => settled(failingHook.id, 'FAILED'), 'every failing delivery to be FAILED', 20_000);
    // A little longer, so a duplicate send would have arrived.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(happy.received).toHaveLength(referrals.length);
    expect(countBy(happy.received.map((r) => r.headers['webhook-id']))).toEqual(referrals.map(() => 1));
    // Three attempts each (the first and one after each delay), never a fourth, never one twice.
    expect(failing.received).toHaveLength(referrals.length * 3);
    expect(countBy(failing.received.map((r) => r.headers['webhook-id']))).toEqual(referrals.map(() => 3));
    expect((await deliveriesOf(first, agency, happyHook.id)).map((d) => d.attempts)).toEqual(referrals.map(() => 1));
    expect((await deliveriesOf(first, agency, failingHook.id)).map((d) => d.attempts)).toEqual(referrals.map(() => 3));
  } finally {
    await stop(second);
  }
});

it('an instance that stops mid-attempt hands the attempt back, and another instance delivers it', async () => {
  const slow = await receiver({ delayMs: 10_000 });
  const leaving = await instance({ WEBHOOK_ALLOW_INSECURE: 'true' });
  // Only `leaving` sends until it stops: the first instance's worker is kept out of this by stopping it too.
  await stop(first);
  const agency = await leaving.login(w.people.agency.email, w.people.agency.password);
  const hook = await aWebhook(leaving, agency, slow.url, { kinds: ['CREATED'] });
  const referral = await aReferral(leaving, await leaving.login(w.people.coach.email, w.people.coach.password), { clientId: w.client.id, serviceId: w.service.id });
  await eventually(() => slow.about(referral.id).length === 1, 'the attempt to be in flight');

  const stopping = Date.now();
  await stop(leaving);
  expect(Date.now() - stopping).toBeLessThan(3000);
  const [row] = await leavingRows(hook.id);
  expect(row).toMatchObject({ status: 'PENDING', attempts: 0 });

  first = await instance({ WEBHOOK_ALLOW_INSECURE: 'true' });
  await eventually(() => slow.about(referral.id).length === 2, 'the attempt to be sent again');
  expect(new Set(slow.about(referral.id).map((r) => r.headers['webhook-id'])).size).toBe(1);
});

async function leavingRows(webhookId: string): Promise<{ status: string; attempts: number }[]> {
  // Read straight from the table: no instance is running to ask.
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query('SELECT status, attempts FROM webhook_delivery WHERE webhook_id = $1', [webhookId])).rows;
  } finally {
    await client.end();
  }
}

describe('without WEBHOOK_ALLOW_INSECURE, addresses are checked at delivery', () => {
  it.each([
    ['loopback', (r: Receiver) => `https://127.0.0.1:${r.port}/hook`],
    ['loopback IPv6', (r: Receiver) => `https://[::1]:${r.port}/hook`],
    ['a name for loopback', (r: Receiver) => `https://localhost:${r.port}/hook`],
    ['private', () => 'https://10.0.0.1/hook'],
    ['link-local', () => 'https://169.254.169.254/latest/meta-data'],
    ['plain http', (r: Receiver) => `http://127.0.0.1:${r.port}/hook`],
  ])('a webhook made while allowed (%s) is refused, with no connection and no response status', async (what, urlOf) => {
    const target = await receiver();
    // Made on an instance that allows it (as in development), then served by one that does not.
    const lenient = await instance({ WEBHOOK_ALLOW_INSECURE: 'true' });
    const hook = await aWebhook(lenient, await lenient.adminToken(), urlOf(target), { organizationId: w.agencyOrg.id, kinds: ['CREATED'] });
    await stop(lenient);
    if (started.includes(first)) await stop(first);

    const strict = await instance();
    try {
      await aReferral(strict, await strict.login(w.people.coach.email, w.people.coach.password), { clientId: w.client.id, serviceId: w.service.id });
      const admin = await strict.adminToken();
      const failed = await eventually(async () => (await deliveriesOf(strict, admin, hook.id)).find((d) => d.status === 'FAILED'), 'the delivery to fail');
      expect(failed).toMatchObject({ attempts: 3, lastResponseStatus: null, nextAttemptAt: null });
      expect(target.connections).toBe(0);
      const reasons = strict.logs.filter((l) => l.msg === 'webhook attempt got no answer' && l.webhookId === hook.id).map((l) => l.reason);
      expect(new Set(reasons)).toEqual(new Set([what === 'plain http' ? 'SCHEME_REFUSED' : 'ADDRESS_REFUSED']));
    } finally {
      await stop(strict);
    }
  });
});
