// Passwords hashed with scrypt (memory-hard, in node:crypto), a random salt each, and the
// parameters stored with the hash so they can be raised later without breaking old hashes: a login
// whose hash has other parameters stores a new one (needsRehash).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

// OWASP's password storage guidance lists N=2^14, r=8, p=5 beside N=2^17, p=1: the same work, with
// 16 MiB per hash instead of 128 MiB, which four logins at once (libuv's pool) leave room for in a
// 256 Mi pod. About 175 ms on this project's machines (N=2^14, p=1, was 42 ms).
export const PARAMS: ScryptParams = { N: 16384, r: 8, p: 5 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string, params: ScryptParams = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Whether a stored hash was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$`);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}
