import type { LookupAddress } from 'node:dns';
import { NoAnswer, post } from '../../src/notifications/webhook-request';
import { aReceiver, type Receiver } from './webhook-receiver';

/**
 * One attempt's deadline covers the address lookup too. The system resolver is replaced here,
 * since no real one can be told to hang: each test says what the lookup answers, and when.
 */
const lookup = jest.fn<Promise<LookupAddress[]>, [string, unknown]>();
jest.mock('node:dns/promises', () => ({ lookup: (host: string, options: unknown) => lookup(host, options) }));

let receiver: Receiver;
beforeAll(async () => {
  receiver = await aReceiver();
});
afterAll(() => receiver.close());
afterEach(() => lookup.mockReset());

const never = () => new Promise<LookupAddress[]>(() => undefined);

async function failure(attempt: Promise<unknown>): Promise<{ code: string; after: number }> {
  const started = Date.now();
  const error = await attempt.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(NoAnswer);
  return { code: (error as NoAnswer).code, after: Date.now() - started };
}

it('a name whose lookup never answers ends the attempt at the deadline: TIMED_OUT', async () => {
  lookup.mockImplementation(never);
  const { code, after } = await failure(post(new URL('https://slow-dns.example.org/hook'), {}, '{}', { allowInsecure: false, signal: new AbortController().signal, timeoutMs: 300 }));
  expect(code).toBe('TIMED_OUT');
  expect(after).toBeGreaterThanOrEqual(250);
  expect(after).toBeLessThan(2000);
});

it('an instance stopping during the lookup ends the attempt at once: STOPPED', async () => {
  lookup.mockImplementation(never);
  const stopping = new AbortController();
  setTimeout(() => stopping.abort(), 100);
  const { code, after } = await failure(post(new URL('https://slow-dns.example.org/hook'), {}, '{}', { allowInsecure: false, signal: stopping.signal }));
  expect(code).toBe('STOPPED');
  expect(after).toBeLessThan(2000);
});

it('the connection goes to the address the lookup gave and that was checked, under the URL\'s name', async () => {
  lookup.mockResolvedValue([{ address: '127.0.0.1', family: 4 }]);
  const status = await post(new URL(`http://hooks.example.org:${receiver.port}/hook`), {}, '{"type":"x","data":{}}', { allowInsecure: true, signal: new AbortController().signal });
  expect(status).toBe(200);
  expect(lookup).toHaveBeenCalledWith('hooks.example.org', { all: true });
  expect(receiver.received.at(-1)!.headers.host).toBe(`hooks.example.org:${receiver.port}`);
});

it('a name that resolves only to a refused address is not connected to: ADDRESS_REFUSED', async () => {
  lookup.mockResolvedValue([{ address: '127.0.0.1', family: 4 }, { address: '::7f00:1', family: 6 }]);
  const before = receiver.connections;
  const { code } = await failure(post(new URL(`https://rebinding.example.org:${receiver.port}/hook`), {}, '{}', { allowInsecure: false, signal: new AbortController().signal }));
  expect(code).toBe('ADDRESS_REFUSED');
  expect(receiver.connections).toBe(before);
});
