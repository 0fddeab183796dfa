import { PENDING_DELIVERIES } from '../../src/observability/notification-metrics';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { aReceiver, aWebhook, deliveriesOf, type Receiver } from './webhook-receiver';
import { eventually } from '../harness/eventually';

const TOKEN = 'metrics-token-for-webhook-tests';

let beacon: Beacon;
let w: ReferralWorld;
let receiver: Receiver;
beforeAll(async () => {
  // Retries a minute apart: a refused delivery stays pending for the length of the test.
  beacon = await startBeacon({ METRICS_TOKEN: TOKEN, WEBHOOK_ALLOW_INSECURE: 'true', WEBHOOK_RETRY_DELAYS: '60' });
  w = await aReferralWorld(beacon);
  receiver = await aReceiver({ answers: [500] });
});
afterAll(async () => {
  await beacon.stop();
  await receiver.close();
});

async function pending(): Promise<number> {
  const text = await (await fetch(`${beacon.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith('beacon_webhook_deliveries_pending '));
  return Number(line?.split(' ')[1]);
}

it('the pending deliveries gauge counts what is waiting for a retry, and nothing once settled', async () => {
  expect(await pending()).toBe(0);
  const agency = await w.people.agency.token();
  const hook = await aWebhook(beacon, agency, receiver.url, { kinds: ['CREATED'] });
  await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
  await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
  await eventually(async () => (await deliveriesOf(beacon, agency, hook.id)).every((d) => d.lastResponseStatus === 500), 'both first attempts');
  expect(await pending()).toBe(2);
  await beacon.ok(`mutation($id: ID!) { deleteWebhook(id: $id) { webhook { id } } }`, { id: hook.id }, agency);
  expect(await pending()).toBe(0);
});

it('the gauge counts through the partial index of pending deliveries, not the whole table', async () => {
  // Many settled deliveries beside a few pending ones: the count must not read them.
  const hook = await aWebhook(beacon, await w.people.agency.token(), receiver.url, { kinds: ['NOTE_ADDED'] });
  await beacon.dataSource.query(
    `INSERT INTO webhook_delivery (webhook_id, event_id, kind, referral_id, attempts, status, next_attempt_at, delivered_at)
     SELECT $1, e.id, e.kind, e.referral_id, 1, 'DELIVERED', NULL, now() FROM referral_update e, generate_series(1, 10000)`,
    [hook.id],
  );
  await beacon.dataSource.query('ANALYZE webhook_delivery');
  const plan = (await beacon.dataSource.query(`EXPLAIN ${PENDING_DELIVERIES}`)).map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
  expect(plan).toMatch(/Index Only Scan using webhook_delivery_pending_idx/);
  expect(plan).not.toMatch(/Seq Scan/);
});
