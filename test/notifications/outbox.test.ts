import { Client } from 'pg';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, CREATE_REFERRAL, TRANSITION } from '../harness/builders';
import { codes } from '../harness/errors';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { ADD_NOTE } from '../referrals/builders';
import { aReceiver, aWebhook, type Receiver } from './webhook-receiver';

/**
 * The outbox as the database holds it: one event per committed change, and the webhook
 * deliveries it needs, written in the change's own transaction, so a change that fails leaves
 * neither. Read through SQL, since the outbox's rows are not in the API (webhooks show only
 * their deliveries).
 */
let beacon: Beacon;
let w: ReferralWorld;
let receiver: Receiver;
let listener: Client;
const notified: { channel: string; payload: string }[] = [];

beforeAll(async () => {
  beacon = await startBeacon({ WEBHOOK_ALLOW_INSECURE: 'true' });
  w = await aReferralWorld(beacon);
  receiver = await aReceiver();
  await aWebhook(beacon, await w.people.agency.token(), receiver.url);
  listener = new Client({ connectionString: (beacon.dataSource.options as { url: string }).url });
  await listener.connect();
  listener.on('notification', (n) => notified.push({ channel: n.channel, payload: n.payload ?? '' }));
  await listener.query('LISTEN referral_updates; LISTEN webhook_deliveries');
});
afterAll(async () => {
  await listener.end();
  await beacon.stop();
  await receiver.close();
});

async function outbox(referralId: string) {
  const events = await beacon.dataSource.query('SELECT id, kind, version, status, sent FROM referral_update WHERE referral_id = $1 ORDER BY version', [referralId]);
  const [deliveries] = await beacon.dataSource.query('SELECT count(*)::int AS n FROM webhook_delivery WHERE referral_id = $1', [referralId]);
  return { events, deliveries: deliveries.n as number };
}

/** Lets NOTIFYs already sent reach the listener: a round trip on its own connection comes back after them. */
const drained = () => listener.query('SELECT 1');

it('each committed change writes one event and its deliveries before the mutation answers', async () => {
  const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
  // Read at once, with no waiting: the delivery was written by the mutation itself, not later.
  const after = await outbox(referral.id);
  expect(after.events).toEqual([{ id: expect.any(String), kind: 'CREATED', version: 1, status: 'REQUESTED', sent: true }]);
  expect(after.deliveries).toBe(1);
  await drained();
  expect(notified).toContainEqual({ channel: 'referral_updates', payload: after.events[0].id });
  expect(notified.some((n) => n.channel === 'webhook_deliveries')).toBe(true);
});

it("a draft's event is marked unsent, and writes no delivery for the receiving agency", async () => {
  const draft = (await beacon.ok(CREATE_REFERRAL, { input: { clientId: w.client.id, serviceId: w.service.id, send: false } }, w.coachToken)).createReferral.referral;
  expect(await outbox(draft.id)).toEqual({ events: [expect.objectContaining({ kind: 'CREATED', status: 'DRAFT', sent: false })], deliveries: 0 });
});

describe('a change that fails leaves no event, no delivery and no notification', () => {
  it.each([
    ['a stale expectedVersion (CONFLICT)', (r: { id: string; version: number }) => ({ referralId: r.id, to: 'ACCEPTED', expectedVersion: r.version + 5 }), 'CONFLICT'],
    ['a missing reason (BAD_USER_INPUT)', (r: { id: string; version: number }) => ({ referralId: r.id, to: 'REJECTED', expectedVersion: r.version }), 'BAD_USER_INPUT'],
    ['a step the table does not allow (INVALID_TRANSITION)', (r: { id: string; version: number }) => ({ referralId: r.id, to: 'COMPLETED', expectedVersion: r.version }), 'INVALID_TRANSITION'],
  ])('%s', async (_what, inputOf, code) => {
    const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    const before = await outbox(referral.id);
    await drained();
    const seen = notified.length;
    const response = await beacon.gql(TRANSITION, { input: inputOf(referral) }, await w.people.agency.token());
    expect(codes(response)).toEqual([code]);
    expect(await outbox(referral.id)).toEqual(before);
    await drained();
    expect(notified.slice(seen)).toEqual([]);
  });

  it('a note whose audit event fails after the event was announced', async () => {
    // addReferralNote writes its audit event after announce(): a trigger makes that insert fail,
    // so the whole transaction, the event, its delivery and its NOTIFYs with it, must roll back.
    const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    const before = await outbox(referral.id);
    await receiver.awaitAbout(referral.id, 1);
    await drained();
    const seen = notified.length;
    await beacon.dataSource.query(`
      CREATE FUNCTION test_refuse_note_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit refused for the test'; END $$;
      CREATE TRIGGER test_refuse_note_audit BEFORE INSERT ON audit_event
        FOR EACH ROW WHEN (NEW.action = 'addReferralNote') EXECUTE FUNCTION test_refuse_note_audit();`);
    try {
      const response = await beacon.gql(ADD_NOTE, { input: { referralId: referral.id, body: 'Called back twice.' } }, w.coachToken);
      expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await beacon.dataSource.query('DROP TRIGGER test_refuse_note_audit ON audit_event; DROP FUNCTION test_refuse_note_audit()');
    }
    expect(await outbox(referral.id)).toEqual(before);
    await drained();
    expect(notified.slice(seen)).toEqual([]);
    // Past a worker's poll: nothing was sent for the note.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(receiver.about(referral.id).map((r) => r.json.type)).toEqual(['referral.created']);
  });

  it('a note refused for its length', async () => {
    const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    const before = await outbox(referral.id);
    const response = await beacon.gql(ADD_NOTE, { input: { referralId: referral.id, body: 'x'.repeat(5001) } }, w.coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(await outbox(referral.id)).toEqual(before);
  });
});

it('a change no webhook wants wakes no delivery worker', async () => {
  // The agency's webhook hears of every kind; a referral to the other agency reaches no webhook at all.
  const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.otherService.id });
  await drained();
  const seen = notified.length;
  const noted = await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body: 'Left a message.' } }, w.coachToken);
  await drained();
  expect((await outbox(referral.id)).deliveries).toBe(0);
  expect(notified.slice(seen).map((n) => n.channel)).toEqual(['referral_updates']);
  expect(noted.addReferralNote.referral.version).toBe(2);
});
