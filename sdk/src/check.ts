// check(): render the values and run the install policies, each finding tied to the values path
// behind it, so that a person fixes `posts.containerSecurityContext.runAsNonRoot`, not a manifest.
import { valuesPathOf } from "./attribution.ts";
import { sharingWithDefaults, type Values } from "./define.ts";
import type { ValuesError } from "./errors.ts";
import { explain, type ValuesLayer } from "./explain.ts";
import type { Manifests } from "./manifests.ts";
import { mergeValueFiles } from "./merge.ts";
import { policyFindings, policyNames, type PolicyFinding, type PolicyName } from "./policies.ts";
import { render, type RenderOptions } from "./render.ts";
import { validate } from "./validate.ts";

export interface CheckFinding extends PolicyFinding {
  /** The values path that sets the field (`posts.containerSecurityContext.runAsNonRoot`); absent when no value does. */
  path?: string;
  /** Given layers: the one that gave the value at `path`, as explain() says (`chart defaults`, a file). */
  from?: string;
}

export interface CheckOptions extends RenderOptions {
  /** The policies to run; default all of `policyNames`. */
  policies?: readonly PolicyName[];
}

/**
 * `ok` when the values are valid and the render breaks no policy. Invalid values are not rendered:
 * `errors` says why, as validate() does. `manifests` is the render the findings are about.
 */
export interface CheckResult {
  ok: boolean;
  errors: ValuesError[];
  findings: CheckFinding[];
  manifests?: Manifests;
}

/**
 * Renders `values` (or layers stacked as `helm -f` stacks files, which also says which layer gave
 * each value at fault) and runs the install policies: restricted Pod Security, probes, requests and
 * limits, pinned images, NetworkPolicy coverage, no Secret data in ConfigMaps or env literals, stable
 * selectors, evictable PodDisruptionBudgets. Throws `HelmError` when helm fails.
 */
export async function check(values: Values | readonly ValuesLayer[], options: CheckOptions = {}): Promise<CheckResult> {
  const layers = Array.isArray(values) ? (values as readonly ValuesLayer[]) : undefined;
  const merged = (layers ? mergeValueFiles(layers.map((l) => l.values)) : values) as Values;
  const validation = validate(merged);
  if (!validation.ok) return { ok: false, errors: validation.errors, findings: [] };

  const { policies = policyNames, ...renderOptions } = options;
  const manifests = await render(merged, renderOptions);
  const objects = manifests.all.map((r) => r.object);
  const resolved = sharingWithDefaults(merged);
  const findings = policyFindings(objects, policies).map((finding): CheckFinding => {
    const path = valuesPathOf(finding, objects, resolved);
    const explained = path !== undefined && layers ? explain(layers, path) : undefined;
    return { ...finding, ...(path === undefined ? {} : { path }), ...(explained?.ok ? { from: explained.explanation.from } : {}) };
  });
  return { ok: findings.length === 0, errors: [], findings, manifests };
}
