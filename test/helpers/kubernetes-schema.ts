// Strict validation of rendered objects against the Kubernetes OpenAPI definitions (and our CRDs),
// rejecting unknown fields the way `kubeconform -strict` does. The definitions are generated from
// kubernetes-models (schemas/kubernetes/definitions.json); kubeconform itself cannot be installed here.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import type { K8sObject } from "./helm.ts";

const file = JSON.parse(readFileSync(new URL("../../schemas/kubernetes/definitions.json", import.meta.url), "utf8")) as {
  kinds: Record<string, string>;
  definitions: Record<string, object>;
};

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema({ $id: "kubernetes", definitions: file.definitions });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(apiKind: string): ValidateFunction | undefined {
  const definition = file.kinds[apiKind];
  if (!definition) return undefined;
  let validate = compiled.get(definition);
  if (!validate) {
    validate = ajv.compile({ $ref: `kubernetes#/definitions/${definition}` });
    compiled.set(definition, validate);
  }
  return validate;
}

const dotted = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, "/").replace(/~0/g, "~")}`))
    .join("")
    .replace(/^\./, "");

/** One line per problem: `Deployment blog-posts: spec.replicass: unknown field`. */
export function kubernetesSchemaErrors(objects: K8sObject[]): string[] {
  const findings: string[] = [];
  for (const o of objects) {
    const id = `${o.kind} ${o.metadata?.name}`;
    const validate = validatorFor(`${o.apiVersion}/${o.kind}`);
    if (!validate) {
      findings.push(`${id}: no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    if (validate(o)) continue;
    for (const error of validate.errors ?? []) {
      const path = dotted(error.instancePath);
      if (error.keyword === "additionalProperties") {
        const field = (error.params as { additionalProperty: string }).additionalProperty;
        findings.push(`${id}: ${path ? `${path}.` : ""}${field}: unknown field`);
      } else findings.push(`${id}: ${path || "(object)"}: ${error.message}`);
    }
  }
  return [...new Set(findings)];
}
