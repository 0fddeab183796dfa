import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aConsent, aReferral, CREATE_REFERRAL, transition } from '../harness/builders';
import { localDay } from '../harness/days';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { ADD_NOTE, RECORD_OUTCOME } from '../referrals/builders';
import { aReceiver, aWebhook, DELETE_WEBHOOK, deliveriesOf, WEBHOOKS, type Receiver } from './webhook-receiver';
import { eventually } from '../harness/eventually';

/**
 * Webhooks as their receivers see them: which organizations hear of what, the body, the
 * signature, and the retries. Retries here come after 1 s, then 1 s, then the delivery fails.
 */
let beacon: Beacon;
let w: ReferralWorld;
/** Every kind, for the referring organization (the coach's), the receiving agency and an agency not involved. */
let referring: { receiver: Receiver; hook: { id: string; secret: string } };
let receiving: { receiver: Receiver; hook: { id: string; secret: string } };
let bystander: { receiver: Receiver; hook: { id: string; secret: string } };

async function hooked(token: string) {
  const receiver = await aReceiver();
  return { receiver, hook: await aWebhook(beacon, token, receiver.url) };
}

beforeAll(async () => {
  beacon = await startBeacon({ WEBHOOK_ALLOW_INSECURE: 'true', WEBHOOK_RETRY_DELAYS: '1,1' });
  w = await aReferralWorld(beacon);
  referring = await hooked(await w.people.supervisor.token());
  receiving = await hooked(await w.people.agency.token());
  bystander = await hooked(await w.people.otherAgency.token());
});
afterAll(async () => {
  await beacon.stop();
  await Promise.all([referring, receiving, bystander].map((h) => h.receiver.close()));
});

const types = (receiver: Receiver, referralId: string) => receiver.about(referralId).map((r) => r.json.type);

describe('who hears of what', () => {
  it('every kind of change reaches the referring and the receiving organization, and no one else', async () => {
    const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    const agency = await w.people.agency.token();
    const accepted = await transition(beacon, agency, referral, 'ACCEPTED');
    const noted = (await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body: 'Intake booked for Monday.' } }, agency)).addReferralNote.referral;
    await beacon.ok(RECORD_OUTCOME, { input: { referralId: referral.id, type: 'HOUSED', achievedOn: localDay(), expectedVersion: noted.version } }, w.coachToken);
    expect(accepted.version).toBe(2);

    const expected = ['referral.created', 'referral.status_changed', 'referral.note_added', 'referral.outcome_recorded'];
    for (const side of [referring, receiving]) {
      await eventually(() => side.receiver.about(referral.id).length >= 4, 'four deliveries');
      // Sent in order here, but receivers are told to order by data.version, not by arrival.
      const received = side.receiver.about(referral.id).map((r) => r.json).sort((a, b) => a.data.version - b.data.version);
      expect(received.map((b) => b.type)).toEqual(expected);
      expect(received.map((b) => b.data.version)).toEqual([1, 2, 3, 4]);
      expect(received.map((b) => b.data.status)).toEqual(['REQUESTED', 'ACCEPTED', 'ACCEPTED', 'COMPLETED']);
    }
    const delivered = await deliveriesOf(beacon, await w.people.agency.token(), receiving.hook.id);
    expect(delivered.filter((d) => d.referralId === referral.id).map((d) => [d.kind, d.status, d.attempts, d.lastResponseStatus, d.nextAttemptAt]))
      .toEqual([['OUTCOME_RECORDED', 'DELIVERED', 1, 200, null], ['NOTE_ADDED', 'DELIVERED', 1, 200, null], ['STATUS_CHANGED', 'DELIVERED', 1, 200, null], ['CREATED', 'DELIVERED', 1, 200, null]]);
    expect(types(bystander.receiver, referral.id)).toEqual([]);
    expect((await deliveriesOf(beacon, await w.people.otherAgency.token(), bystander.hook.id)).filter((d) => d.referralId === referral.id)).toEqual([]);
  });

  it("a draft's creation and notes reach only the referring organization; sending it reaches the agency", async () => {
    const draft = (await beacon.ok(CREATE_REFERRAL, { input: { clientId: w.client.id, serviceId: w.service.id, send: false, note: 'Draft: check eligibility first.' } }, w.coachToken)).createReferral.referral;
    const noted = (await beacon.ok(ADD_NOTE, { input: { referralId: draft.id, body: 'Called the client back.' } }, w.coachToken)).addReferralNote.referral;
    await eventually(() => referring.receiver.about(draft.id).length >= 2, 'the draft events at the referring organization');
    // Written in the change's own transaction: none was ever written for the agency's webhook.
    expect((await deliveriesOf(beacon, await w.people.agency.token(), receiving.hook.id)).filter((d) => d.referralId === draft.id)).toEqual([]);

    await transition(beacon, w.coachToken, { id: draft.id, version: noted.version }, 'REQUESTED');
    await eventually(() => receiving.receiver.about(draft.id).length >= 1, 'the sent referral at the agency');
    await eventually(() => referring.receiver.about(draft.id).length >= 3, 'the sent referral at the referring organization');
    expect(types(receiving.receiver, draft.id)).toEqual(['referral.status_changed']);
    expect(receiving.receiver.about(draft.id)[0].json.data).toMatchObject({ status: 'REQUESTED', version: 3 });
    expect(types(referring.receiver, draft.id).sort()).toEqual(['referral.created', 'referral.note_added', 'referral.status_changed']);
  });

  it('a webhook hears only the kinds it asked for', async () => {
    const receiver = await aReceiver();
    try {
      await aWebhook(beacon, await w.people.agency.token(), receiver.url, { kinds: ['STATUS_CHANGED'] });
      const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      await transition(beacon, await w.people.agency.token(), referral, 'ACCEPTED');
      await eventually(() => receiver.about(referral.id).length >= 1, 'the status change');
      await eventually(() => receiving.receiver.about(referral.id).length >= 2, 'both events at the all-kinds webhook');
      expect(types(receiver, referral.id)).toEqual(['referral.status_changed']);
    } finally {
      await receiver.close();
    }
  });

  it('a deleted webhook gets nothing more, and its pending deliveries stop', async () => {
    const receiver = await aReceiver({ answers: [500] });
    try {
      const agency = await w.people.agency.token();
      const hook = await aWebhook(beacon, agency, receiver.url);
      const first = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      await eventually(() => receiver.about(first.id).length >= 1, 'the first attempt');
      await beacon.ok(DELETE_WEBHOOK, { id: hook.id }, agency);
      const [stopped] = (await deliveriesOf(beacon, agency, hook.id)).filter((d) => d.referralId === first.id);
      expect(stopped).toMatchObject({ status: 'FAILED', nextAttemptAt: null });

      const second = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      await eventually(() => receiving.receiver.about(second.id).length >= 1, 'the live webhook to hear of the second referral');
      // Past the 1 s retry: the stopped delivery was not tried again.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.about(first.id)).toHaveLength(1);
      expect(receiver.about(second.id)).toHaveLength(0);
      expect((await deliveriesOf(beacon, agency, hook.id)).map((d) => d.referralId)).toEqual([first.id]);
    } finally {
      await receiver.close();
    }
  });
});

describe('reading deliveries', () => {
  it("every webhook's deliveries and counts load in the same statements, however many webhooks are listed, each paged on its own", async () => {
    const admin = await beacon.adminToken();
    const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body: 'Called the intake line.' } }, w.coachToken);
    await eventually(() => receiving.receiver.about(referral.id).length >= 2 && referring.receiver.about(referral.id).length >= 2, 'the deliveries');
    const one = await beacon.countStatements(() => beacon.ok(WEBHOOKS, { organizationId: w.agencyOrg.id, first: 1 }, admin));
    const all = await beacon.countStatements(() => beacon.ok(WEBHOOKS, { first: 1 }, admin));
    expect(all).toBe(one);

    const listed = (await beacon.ok(WEBHOOKS, { first: 1 }, admin)).webhooks;
    const hook = listed.find((h: { id: string }) => h.id === receiving.hook.id);
    expect(hook.deliveries.edges).toHaveLength(1);
    expect(hook.deliveries.pageInfo.hasNextPage).toBe(true);
    const [{ n }] = await beacon.dataSource.query('SELECT count(*)::int AS n FROM webhook_delivery WHERE webhook_id = $1', [receiving.hook.id]);
    expect(hook.deliveries.totalCount).toBe(n);
    const next = (await beacon.ok(WEBHOOKS, { first: 1, after: hook.deliveries.pageInfo.endCursor }, admin)).webhooks.find((h: { id: string }) => h.id === receiving.hook.id);
    expect(next.deliveries.edges[0].node.id).not.toBe(hook.deliveries.edges[0].node.id);
    expect(listed.find((h: { id: string }) => h.id === bystander.hook.id).deliveries.edges.map((e: any) => e.node.referralId)).not.toContain(referral.id);
  });
});

describe('what a receiver gets', () => {
  it('the signature verifies with the Standard Webhooks library and by hand', async () => {
    const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    const [request] = await receiving.receiver.awaitAbout(referral.id, 1);
    expect(request.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(new StandardWebhook(receiving.hook.secret).verify(request.body, request.headers)).toEqual(request.json);

    const key = Buffer.from(receiving.hook.secret.slice('whsec_'.length), 'base64');
    const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
    expect(request.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
    // Another webhook's secret does not verify it.
    expect(() => new StandardWebhook(referring.hook.secret).verify(request.body, request.headers)).toThrow();
  });

  it('the body is the event, by ids and status only, with the webhook-id of the event', async () => {
    const client = await aClient(beacon, w.coachToken, { firstName: 'Rosalind', lastName: 'Quintero', phone: '(555) 010-7788', email: 'rosalind@example.org' });
    await aConsent(beacon, w.coachToken, client.id, w.agencyOrg.id, { scope: 'SHARE_NOTES' });
    const referral = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id, note: 'Prefers mornings; sober 90 days.' });
    const rejected = await transition(beacon, await w.people.agency.token(), referral, 'REJECTED', 'Waitlist closed for Rosalind.');
    await eventually(() => receiving.receiver.about(referral.id).length >= 2, 'both events');
    const [created] = receiving.receiver.about(referral.id).filter((r) => r.json.type === 'referral.created');
    expect(created.json).toEqual({
      type: 'referral.created',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      data: { referralId: referral.id, status: 'REQUESTED', version: 1, receivingOrganizationId: w.agencyOrg.id, referringOrganizationId: w.peers.id },
    });
    for (const request of [...receiving.receiver.about(referral.id), ...referring.receiver.about(referral.id)]) {
      for (const personal of [client.alias, 'Rosalind', 'Quintero', '(555) 010-7788', '010-7788', 'rosalind@example.org', 'mornings', 'Waitlist', client.id]) {
        expect(request.body).not.toContain(personal);
      }
    }
    const events: { id: string }[] = await beacon.dataSource.query(
      // The outbox's own ids, which the API does not list: webhook-id must be one of them.
      'SELECT id FROM referral_update WHERE referral_id = $1 ORDER BY version', [referral.id]);
    expect(receiving.receiver.about(referral.id).map((r) => r.headers['webhook-id']).sort()).toEqual(events.map((e) => e.id).sort());
    expect(rejected.status).toBe('REJECTED');
  });
});

describe('retries', () => {
  it('a receiver answering 500, 500, then 200 gets three attempts with the same webhook-id, each signed', async () => {
    const receiver = await aReceiver({ answers: [500, 500, 200] });
    try {
      const agency = await w.people.agency.token();
      const hook = await aWebhook(beacon, agency, receiver.url, { kinds: ['CREATED'] });
      const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      const attempts = await receiver.awaitAbout(referral.id, 3);
      expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
      for (const attempt of attempts) expect(new StandardWebhook(hook.secret).verify(attempt.body, attempt.headers)).toEqual(attempt.json);
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
      // Each retry waited for its delay (1 s, less the timestamps' rounding).
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(900);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(900);

      const delivery = await eventually(async () => (await deliveriesOf(beacon, agency, hook.id)).find((d) => d.status === 'DELIVERED'), 'the delivery to be DELIVERED');
      expect(delivery).toMatchObject({ referralId: referral.id, kind: 'CREATED', attempts: 3, status: 'DELIVERED', lastResponseStatus: 200, nextAttemptAt: null });
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(receiver.about(referral.id)).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that never answers 2xx ends FAILED after the schedule, with nothing more due', async () => {
    const receiver = await aReceiver({ answers: [503, 404, 302] });
    try {
      const agency = await w.people.agency.token();
      const hook = await aWebhook(beacon, agency, receiver.url, { kinds: ['CREATED'] });
      const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      const pending = await eventually(async () => (await deliveriesOf(beacon, agency, hook.id)).find((d) => d.lastResponseStatus === 503), 'the first failed attempt');
      expect(pending).toMatchObject({ attempts: 1, status: 'PENDING' });
      expect(new Date(pending.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() - 1000);

      const failed = await eventually(async () => (await deliveriesOf(beacon, agency, hook.id)).find((d) => d.status === 'FAILED'), 'the delivery to fail');
      // One attempt, then one after each of the two delays; a redirect is not followed.
      expect(failed).toMatchObject({ attempts: 3, status: 'FAILED', lastResponseStatus: 302, nextAttemptAt: null });
      expect(receiver.about(referral.id)).toHaveLength(3);
      expect(beacon.logs.some((l) => l.msg === 'webhook delivery failed for good' && l.webhookId === hook.id)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that is not there gets attempts with no response status', async () => {
    const receiver = await aReceiver();
    await receiver.close();
    const agency = await w.people.agency.token();
    const hook = await aWebhook(beacon, agency, receiver.url, { kinds: ['CREATED'] });
    await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
    const failed = await eventually(async () => (await deliveriesOf(beacon, agency, hook.id)).find((d) => d.status === 'FAILED'), 'the delivery to fail');
    expect(failed).toMatchObject({ attempts: 3, lastResponseStatus: null, nextAttemptAt: null });
  });

  it('the log names the webhook and the attempt, never the URL, the secret or the body', async () => {
    const receiver = await aReceiver({ answers: [500, 200] });
    try {
      const agency = await w.people.agency.token();
      const hook = await aWebhook(beacon, agency, `${receiver.url}?token=receiver-credential`, { kinds: ['CREATED'] });
      const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      await eventually(() => receiver.about(referral.id).length >= 2, 'the retry');
      const lines = JSON.stringify(beacon.logs);
      expect(beacon.logs.some((l) => l.webhookId === hook.id && l.responseStatus === 500)).toBe(true);
      for (const secretish of ['receiver-credential', '/hooks/beacon', hook.secret.slice(6), referral.id]) expect(lines).not.toContain(secretish);
    } finally {
      await receiver.close();
    }
  });
});

describe('the mutation is not held up', () => {
  it('a receiver that takes 5 s to answer does not slow the change that announced it', async () => {
    const receiver = await aReceiver({ delayMs: 5000 });
    try {
      await aWebhook(beacon, await w.people.agency.token(), receiver.url, { kinds: ['CREATED'] });
      const started = Date.now();
      const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      const took = Date.now() - started;
      expect(took).toBeLessThan(1500);
      await eventually(() => receiver.about(referral.id).length >= 1, 'the slow receiver to be reached');
      const again = Date.now();
      await transition(beacon, w.coachToken, referral, 'CANCELLED', 'Client moved away.');
      expect(Date.now() - again).toBeLessThan(1500);
    } finally {
      await receiver.close();
    }
  });
});

describe('one receiver cannot hold up the others', () => {
  it("a receiver that hangs holds one attempt at a time, and another organization's deliveries go out at once", async () => {
    const hanging = await aReceiver({ delayMs: 60_000 });
    try {
      await aWebhook(beacon, await w.people.agency.token(), hanging.url, { kinds: ['CREATED'] });
      // More hanging deliveries than an instance has slots (4).
      for (let i = 0; i < 6; i++) await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      await eventually(() => hanging.received.length >= 1, 'the first attempt at the hanging receiver');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(hanging.received).toHaveLength(1);

      const started = Date.now();
      const referral = await aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
      await eventually(() => referring.receiver.about(referral.id).length >= 1, "the other organization's delivery", 3000);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(hanging.received).toHaveLength(1);
    } finally {
      await hanging.close();
    }
  });
});
