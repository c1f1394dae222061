// New credential material, from node:crypto's CSPRNG.
import { generateKeyPairSync, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: 256 bits, and no character a connection string or shell must escape. */
export const newPassword = () => randomBytes(32).toString("base64url");

/** An ES256 (P-256) key pair as PEM, the form auth signs with and the others verify with. */
export function newKeyPair(): { "private.pem": string; "public.pem": string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    "private.pem": privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    "public.pem": publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
