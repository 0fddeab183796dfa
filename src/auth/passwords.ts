import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash, parseOptions, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 20 ms on one
 * core. The parameters travel inside the PHC string, so raising them later only makes older
 * hashes "weaker than current", and they are upgraded at the next sign-in.
 */
const ARGON2ID = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  try {
    return await verify(stored, password);
  } catch {
    return false; // not a hash at all
  }
}

/** True for a hash that is not argon2id at least as strong as the current parameters: it is rehashed at the next sign-in. */
export function needsRehash(stored: string): boolean {
  try {
    const options = parseOptions(stored);
    return (
      options.algorithm !== ARGON2ID.algorithm ||
      options.memoryCost < ARGON2ID.memoryCost ||
      options.timeCost < ARGON2ID.timeCost ||
      options.parallelism < ARGON2ID.parallelism
    );
  } catch {
    return true; // scrypt$..., the format before argon2id
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verified when there is no such user, so a wrong email costs what a wrong password costs. A
 * real hash of a random password with the current parameters, made once per process.
 */
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(randomBytes(32).toString('base64url')));
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** `scrypt$<salt>$<hash>` (Node's default N=2^14, both base64url): still accepted, so those users can sign in and be upgraded. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, salt, hashed] = stored.split('$');
  if (!salt || !hashed) return false;
  const expected = Buffer.from(hashed, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}
