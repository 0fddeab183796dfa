import { SignJWT, jwtVerify } from 'jose';
import { isUuid } from '../common/ids';

export interface TokenSettings {
  jwtSecret: Uint8Array;
  tokenTtlSeconds: number;
}

/** Who a token speaks for, and the user's token version when it was issued (a password change ends older ones). */
export interface TokenClaims {
  userId: string;
  tokenVersion: number;
}

export async function signToken({ userId, tokenVersion }: TokenClaims, settings: TokenSettings): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + settings.tokenTtlSeconds * 1000);
  const token = await new SignJWT({ ver: tokenVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(settings.jwtSecret);
  return { token, expiresAt };
}

/**
 * The claims of a valid token, signed with our secret, that carries an expiry not yet passed, a
 * user id as subject and a token version; null for anything else (no `exp` means no end, so it
 * is refused rather than trusted forever).
 */
export async function verifyToken(token: string, settings: TokenSettings): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, settings.jwtSecret, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub', 'ver'] });
    if (!isUuid(payload.sub) || !Number.isSafeInteger(payload.ver)) return null;
    return { userId: payload.sub, tokenVersion: payload.ver as number };
  } catch {
    return null;
  }
}
