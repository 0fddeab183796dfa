import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Beacon } from '../harness/beacon';
import { eventually } from '../harness/eventually';

/** One POST a receiver got. */
export interface Received {
  headers: Record<string, string>;
  body: string;
  json: any;
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1: records every request and answers with `answers` in turn
 * (the last one from then on), after `delayMs` if given. `connections` counts sockets opened to
 * it, so a test can tell that nothing reached it at all.
 */
export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  connections: number;
  /** Requests about one referral, in the order they came. */
  about(referralId: string): Received[];
  /** Waits until at least `count` requests about the referral have come, and gives them. */
  awaitAbout(referralId: string, count: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function aReceiver(options: { answers?: number[]; delayMs?: number } = {}): Promise<Receiver> {
  const answers = options.answers ?? [200];
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers as Record<string, string>, body, json: JSON.parse(body), at: Date.now() });
      const status = answers[Math.min(received.length - 1, answers.length - 1)];
      const answer = () => res.writeHead(status).end();
      if (options.delayMs) setTimeout(answer, options.delayMs).unref();
      else answer();
    });
  });
  const receiver: Receiver = {
    url: '',
    port: 0,
    received,
    connections: 0,
    about: (referralId) => received.filter((r) => r.json.data.referralId === referralId),
    awaitAbout: async (referralId, count) => {
      await eventually(() => receiver.about(referralId).length >= count, `${count} requests about referral ${referralId}`);
      return receiver.about(referralId);
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  server.on('connection', () => receiver.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks/beacon`;
  return receiver;
}

export const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url kinds active createdAt organization { id } } } }`;
export const WEBHOOKS = `query($organizationId: ID, $first: Int, $after: String) {
  webhooks(organizationId: $organizationId) { id url kinds active createdAt organization { id }
    deliveries(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id eventId kind referralId attempts status lastResponseStatus createdAt nextAttemptAt } } } } }`;
export const DELETE_WEBHOOK = `mutation($id: ID!) { deleteWebhook(id: $id) { webhook { id active } } }`;

/** A webhook to `url` made by `token` (their own organization, every kind unless `input` says otherwise), with its secret. */
export async function aWebhook(beacon: Beacon, token: string, url: string, input: Record<string, unknown> = {}) {
  const data = await beacon.ok(CREATE_WEBHOOK, { input: { url, ...input } }, token);
  return { ...data.createWebhook.webhook, secret: data.createWebhook.secret as string } as { id: string; url: string; kinds: string[]; active: boolean; secret: string };
}

/** The deliveries of one webhook as its keeper (`token`) reads them: newest first. */
export async function deliveriesOf(beacon: Beacon, token: string, webhookId: string, first = 100): Promise<any[]> {
  const data = await beacon.ok(WEBHOOKS, { first }, token);
  const webhook = data.webhooks.find((w: { id: string }) => w.id === webhookId);
  return webhook.deliveries.edges.map((e: { node: unknown }) => e.node);
}
