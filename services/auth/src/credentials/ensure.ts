// Makes sure each Secret of the plan exists and is whole, the way GitLab's shared-secrets Job does:
// a missing Secret is created with new material; an existing one is never rotated, overwritten or
// repaired, so a second install, an upgrade or an Argo CD re-sync changes nothing. A Secret that
// exists without a key the chart reads, or a database password gone while its data remains, stops
// the Job with a CredentialError saying what to do; the install then fails before any pod starts.
import { ApiException, type CoreV1Api, type V1Secret } from "@kubernetes/client-node";
import { newKeyPair, newPassword } from "./generate.ts";
import type { Credential, Plan } from "./plan.ts";

export class CredentialError extends Error {
  override name = "CredentialError";
}

export type Outcome = "kept" | "created";

/** Labels of every Secret the Job creates: they are not part of the release, so helm uninstall keeps them. */
export const CREATED_BY = { "app.kubernetes.io/managed-by": "blog-platform-credentials", "app.kubernetes.io/part-of": "blog-platform" };

const keysOf = (credential: Credential) => (credential.kind === "password" ? [credential.key] : ["private.pem", "public.pem"]);

const notFound = (error: unknown) => error instanceof ApiException && error.code === 404;
const conflict = (error: unknown) => error instanceof ApiException && error.code === 409;

async function read<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

function checkWhole(namespace: string, credential: Credential, secret: V1Secret): void {
  const missing = keysOf(credential).filter((key) => !secret.data?.[key]);
  if (!missing.length) return;
  throw new CredentialError(
    `Secret ${namespace}/${credential.secret} exists but has no ${missing.map((key) => `\`${key}\``).join(" or ")}: ` +
      `the Job never repairs a Secret it did not create whole. Add the missing key, or delete the Secret to have a new one made` +
      (credential.valuesPath ? `, or name a complete Secret in ${credential.valuesPath}.` : "."),
  );
}

function material(credential: Credential): Record<string, string> {
  return credential.kind === "password" ? { [credential.key]: newPassword() } : newKeyPair();
}

/** Ensures one credential; returns what was done. */
export async function ensureCredential(api: CoreV1Api, namespace: string, credential: Credential): Promise<Outcome> {
  const existing = await read(() => api.readNamespacedSecret({ name: credential.secret, namespace }));
  if (existing) {
    checkWhole(namespace, credential, existing);
    return "kept";
  }
  if (credential.kind === "password" && credential.claim) {
    const claim = await read(() => api.readNamespacedPersistentVolumeClaim({ name: credential.claim!, namespace }));
    if (claim) {
      throw new CredentialError(
        `Secret ${namespace}/${credential.secret} is missing, but PersistentVolumeClaim ${namespace}/${credential.claim} still holds the database ` +
          `initialised with its password, which a new password would not open. Put the Secret back with the old password ` +
          `(kubectl -n ${namespace} create secret generic ${credential.secret} --from-literal=${credential.key}=<the old password>), ` +
          `or delete the claim to start with an empty database.`,
      );
    }
  }
  const body: V1Secret = {
    metadata: { name: credential.secret, namespace, labels: CREATED_BY },
    type: "Opaque",
    stringData: material(credential),
  };
  try {
    await api.createNamespacedSecret({ namespace, body });
    return "created";
  } catch (error) {
    if (!conflict(error)) throw error;
    // made meanwhile by another run of the Job: keep that one, if it is whole
    checkWhole(namespace, credential, (await api.readNamespacedSecret({ name: credential.secret, namespace }))!);
    return "kept";
  }
}

/** Ensures every credential of the plan, in order, and stops at the first that can't be. */
export async function ensureCredentials(api: CoreV1Api, plan: Plan, log: (secret: string, outcome: Outcome) => void): Promise<void> {
  for (const credential of plan.credentials) log(credential.secret, await ensureCredential(api, plan.namespace, credential));
}
