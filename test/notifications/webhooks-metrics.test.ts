import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { aReceiver, aWebhook, deliveriesOf, eventually, type Receiver } from './webhook-receiver';

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
