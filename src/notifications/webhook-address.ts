import ipaddr from 'ipaddr.js';

export const MAX_URL_LENGTH = 2000;

/** IPv6's global unicast space; everything outside it is special or not yet assigned. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Whether an address is one a webhook may reach: ipaddr.js's `unicast`, what is left once every
 * special range it knows is set aside (private, loopback, link-local, unique-local, unspecified,
 * multicast, carrier-grade NAT, reserved, and the IPv6 ranges that embed an IPv4 address:
 * mapped, NAT64, 6to4, Teredo). An IPv6 address must also lie in 2000::/3, because ipaddr.js
 * calls whatever it does not know unicast, the deprecated IPv4-compatible ::/96 among them
 * (::7f00:1 is 127.0.0.1). An IPv4 address written as IPv6 (::ffff:10.0.0.1) is refused
 * whatever it embeds: a receiver has no need to be written that way.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.range() !== 'unicast') return false;
  return parsed.kind() === 'ipv4' || (parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

/** The URL's host as a resolver or a socket takes it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * What is wrong with a webhook URL, or null: an absolute https URL (http too when insecure
 * webhooks are allowed), no user name or password (they would sit in plain sight in every
 * listing), and no literal private, loopback or link-local address. Names are checked when
 * they are resolved, at each delivery, since what they resolve to may change.
 */
export function urlProblem(text: string, allowInsecure: boolean): string | null {
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute https:// URL';
  }
  const schemes = allowInsecure ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return allowInsecure ? 'must be an https:// or http:// URL' : 'must be an https:// URL';
  if (url.username || url.password) return 'must not hold a user name or password';
  const host = hostOf(url);
  if (!allowInsecure && ipaddr.isValid(host) && !isPublicAddress(host)) return 'must not point at a private, loopback or link-local address';
  return null;
}
