// The RealWorld `Authorization: Token <jwt>` header: auth signs ES256 JWTs with its private key, every
// service verifies them with the public key only (the chart mounts public.pem everywhere and
// private.pem in auth alone).
import { readFileSync } from "node:fs";
import type { FastifyRequest } from "fastify";
import { SignJWT, importPKCS8, importSPKI, jwtVerify, errors as joseErrors } from "jose";

export interface AuthenticatedUser {
  id: string;
  username: string;
  /** the user's token version when it was signed (claim `ver`; 0 in tokens from before it existed) */
  version: number;
}

/** A request's verified user, with the token it came with (passed on when calling auth for them). */
export interface Caller extends AuthenticatedUser {
  token: string;
}

export class UnauthorizedError extends Error {
  override name = "UnauthorizedError";
  readonly statusCode = 401;
}

const ALGORITHM = "ES256";
const ISSUER = "blog-platform/auth";

export async function createVerifier(publicKeyFile: string, cacheSize = 10_000) {
  const key = await importSPKI(readFileSync(publicKeyFile, "utf8"), ALGORITHM);
  // an ECDSA verification costs more than the rest of a simple request: remember the tokens already
  // verified until they expire (a bounded map, oldest entry out first)
  const verified = new Map<string, { user: AuthenticatedUser; expiresAt: number }>();
  /** The caller, or undefined without a token; UnauthorizedError for a bad, expired or foreign token. */
  return async function authenticate(request: FastifyRequest): Promise<Caller | undefined> {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const match = /^Token (\S+)$/.exec(header);
    if (!match) throw new UnauthorizedError("the Authorization header must be `Token <jwt>`");
    const token = match[1]!;
    const known = verified.get(token);
    if (known && known.expiresAt > Date.now()) return { ...known.user, token };
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER, requiredClaims: ["exp", "sub"] });
      if (typeof payload.sub !== "string" || typeof payload.username !== "string") throw new UnauthorizedError("the token names no user");
      const user = { id: payload.sub, username: payload.username, version: typeof payload.ver === "number" ? payload.ver : 0 };
      verified.delete(token);
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
      verified.set(token, { user, expiresAt: payload.exp! * 1000 });
      return { ...user, token };
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthorizedError("the token has expired: log in again");
      throw new UnauthorizedError("the token is not valid");
    }
  };
}

export async function createSigner(privateKeyFile: string, ttlSeconds: number) {
  const key = await importPKCS8(readFileSync(privateKeyFile, "utf8"), ALGORITHM);
  return (user: Omit<AuthenticatedUser, "version"> & { version?: number }) =>
    new SignJWT({ username: user.username, ver: user.version ?? 0 })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key);
}

export type Authenticate = (request: FastifyRequest) => Promise<Caller | undefined>;

/**
 * A verifier that also refuses revoked tokens: those signed before the user's token version last
 * changed (a new password or email), and those of users who no longer exist. `currentVersion`
 * answers from the service's cache of auth's users, which auth clears on every change, so a
 * revocation holds from the next request on.
 */
export function refusingRevoked(authenticate: Authenticate, currentVersion: (userId: string, request: FastifyRequest) => Promise<number | undefined>): Authenticate {
  return async (request) => {
    const caller = await authenticate(request);
    if (!caller) return caller;
    const current = await currentVersion(caller.id, request);
    if (current === undefined) throw new UnauthorizedError("the user of this token no longer exists");
    if (current !== caller.version) throw new UnauthorizedError("the token was revoked by a change of password or email: log in again");
    return caller;
  };
}

/** For routes that need a user: the caller, or a 401. */
export function requireUser(user: Caller | undefined): Caller {
  if (!user) throw new UnauthorizedError("log in first: this needs `Authorization: Token <jwt>`");
  return user;
}
