/** Session JWTs: HS256 pinned, issuer, audience, expiry and a `kid` for key rotation (jose). */
import { errors, jwtVerify, SignJWT } from "jose";
import { keyRing } from "./keys";

export const ISSUER = "parley";
export const AUDIENCE = "parley-app";
const ALG = "HS256";

export interface SessionClaims {
  /** User id. */
  sub: string;
  /** Organization id. */
  org: string;
  /** Session id: the D1 row that makes the token revocable. */
  jti: string;
}

export async function signSessionToken(env: Env, claims: SessionClaims, expiresAt: number): Promise<string> {
  const ring = keyRing(env.JWT_KEYS, "JWT_KEYS");
  return new SignJWT({ org: claims.org })
    .setProtectedHeader({ alg: ALG, kid: ring.currentKid, typ: "JWT" })
    .setSubject(claims.sub)
    .setJti(claims.jti)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(ring.keys.get(ring.currentKid)!);
}

/** The claims of a valid token, or null for anything forged, expired, unsigned or for another audience. */
export async function verifySessionToken(env: Env, token: string): Promise<SessionClaims | null> {
  const ring = keyRing(env.JWT_KEYS, "JWT_KEYS");
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? ring.keys.get(header.kid) : undefined;
        if (!key) throw new errors.JWSSignatureVerificationFailed("unknown key id");
        return key;
      },
      { algorithms: [ALG], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ["exp", "iat", "jti", "sub"] },
    );
    if (typeof payload.org !== "string" || !payload.sub || !payload.jti) return null;
    return { sub: payload.sub, org: payload.org, jti: payload.jti };
  } catch {
    return null;
  }
}
