import { SignJWT, jwtVerify } from 'jose';

export interface TokenSettings {
  jwtSecret: Uint8Array;
  tokenTtlSeconds: number;
}

export async function signToken(userId: string, settings: TokenSettings): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + settings.tokenTtlSeconds * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(settings.jwtSecret);
  return { token, expiresAt };
}

/** The user id in a valid, unexpired token; null for anything else. */
export async function verifyToken(token: string, settings: TokenSettings): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, settings.jwtSecret, { algorithms: ['HS256'] });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
