import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostOf, isPublicAddress } from './webhook-address';

/**
 * A 2xx within this many milliseconds delivers; anything slower is an attempt with no answer.
 * The whole attempt counts, from the address lookup to the status line, so a receiver whose
 * name takes long to resolve holds a worker's slot no longer than one that answers slowly.
 */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** Why an attempt got no answer, for the log: a code, never the URL, a header or the body. */
export class NoAnswer extends Error {
  constructor(readonly code: string) {
    super(`no answer (${code})`);
  }
}

/**
 * The address to connect to: the host's first address a webhook may reach (any address at all
 * when insecure webhooks are allowed). Resolving here and connecting to exactly this address
 * means a name cannot resolve to a public address for the check and a private one for the
 * connection (DNS rebinding).
 */
async function addressFor(host: string, allowInsecure: boolean): Promise<{ address: string; family: number }> {
  const addresses = await lookup(host, { all: true }).catch(() => {
    throw new NoAnswer('DNS_FAILED');
  });
  const usable = addresses.find((a) => allowInsecure || isPublicAddress(a.address));
  if (!usable) throw new NoAnswer('ADDRESS_REFUSED');
  return usable;
}

/**
 * What `work` settles to, or NoAnswer(reason()) once `signal` aborts if that comes first. The
 * system resolver cannot be cancelled: past the deadline its answer is simply not waited for.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, reason: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new NoAnswer(reason()));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * POSTs `body` to `url` and answers the response's status, or throws NoAnswer when none came
 * within the timeout (`timeoutMs`, ATTEMPT_TIMEOUT_MS unless a test says otherwise), lookup
 * included, or the address was refused. Only https unless insecure webhooks are
 * allowed; no redirects are followed; no connection is kept for later.
 */
export async function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { allowInsecure: boolean; signal: AbortSignal; timeoutMs?: number },
): Promise<number> {
  if (url.protocol !== 'https:' && !(options.allowInsecure && url.protocol === 'http:')) throw new NoAnswer('SCHEME_REFUSED');
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? ATTEMPT_TIMEOUT_MS)]);
  const why = () => (options.signal.aborted ? 'STOPPED' : 'TIMED_OUT');
  const { address, family } = await untilAborted(addressFor(hostOf(url), options.allowInsecure), signal, why);
  // Every name the socket looks up is answered with the checked address (and the TLS check still uses the URL's name).
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
        signal,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        // Only the status matters: the rest of the answer is neither read nor waited for.
        response.destroy();
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      reject(new NoAnswer(signal.aborted ? why() : (error.code ?? 'REQUEST_FAILED')));
    });
    request.end(body);
  });
}
