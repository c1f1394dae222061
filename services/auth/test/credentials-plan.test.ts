// The credentials Job's own parts that need no cluster: reading its plan from the environment, and
// the material it makes. test/cluster/zero-config.test.ts runs the Job itself on the cluster.
import { describe, expect, it } from "vitest";
import { createPublicKey, createSign, createVerify } from "node:crypto";
import { newKeyPair, newPassword } from "../src/credentials/generate.ts";
import { planFromEnv } from "../src/credentials/plan.ts";

describe("the credentials Job's plan", () => {
  it("reads the namespace and the credentials the chart lists", () => {
    const credentials = [
      { kind: "password", secret: "blog-database-credentials", valuesPath: "global.database.existingSecret", key: "password", claim: "data-blog-postgres-0" },
      { kind: "es256-key-pair", secret: "blog-jwt", valuesPath: "global.jwt.existingSecret" },
    ];
    expect(planFromEnv({ NAMESPACE: "blog", CREDENTIALS: JSON.stringify(credentials) })).toEqual({ namespace: "blog", credentials });
  });

  it("names what is wrong with a plan the chart and the Job disagree on", () => {
    expect(() => planFromEnv({ CREDENTIALS: "[]" })).toThrow("NAMESPACE is required but not set");
    expect(() => planFromEnv({ NAMESPACE: "blog", CREDENTIALS: "[{" })).toThrow(/^CREDENTIALS is not JSON: /);
    expect(() => planFromEnv({ NAMESPACE: "blog", CREDENTIALS: '[{"kind":"password","secret":"s","valuesPath":"v"}]' })).toThrow(/CREDENTIALS\/0 must have required property 'key'/);
    expect(() => planFromEnv({ NAMESPACE: "blog", CREDENTIALS: '[{"kind":"rsa","secret":"s","valuesPath":"v"}]' })).toThrow(/CREDENTIALS\/0\/kind must be equal to constant/);
  });
});

describe("the credentials Job's material", () => {
  it("makes 256-bit passwords that differ each time and need no escaping", () => {
    const [a, b] = [newPassword(), newPassword()];
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("makes a P-256 pair whose public key verifies what the private key signs", () => {
    const pair = newKeyPair();
    expect(createPublicKey(pair["public.pem"]).asymmetricKeyDetails).toEqual({ namedCurve: "prime256v1" });
    const signature = createSign("SHA256").update("token").sign(pair["private.pem"]);
    expect(createVerify("SHA256").update("token").verify(pair["public.pem"], signature)).toBe(true);
    expect(newKeyPair()["private.pem"]).not.toBe(pair["private.pem"]);
  });
});
