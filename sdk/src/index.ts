// Public API of @blog-platform/sdk.
// BlogPlatformValues and its named parts (GlobalValues, PostsValues, ImageValues, AutoscalingValues, ...), each also Resolved<Name>
export type * from "./generated/values.ts";
export { mergeValues, mergeValueFiles, type DeepPartial } from "./merge.ts";
export { defineValues, withDefaults, type Values } from "./define.ts";
export { presets } from "./presets.ts";
export { validate, createValidator, type ValidationResult, type Validator, type ValidatorOptions } from "./validate.ts";
export { toYaml, fromYaml, defaultSchemaUrl, type ToYamlOptions } from "./yaml.ts";
export { findHelm, type HelmBinary, type FindHelmOptions } from "./helm.ts";
export { render, renderToString, defaultChart, type RenderOptions } from "./render.ts";
export { Manifests, type KindMap, type KubernetesObject, type RenderedObject } from "./manifests.ts";
export { valuesSchema, chartDefaults } from "./generated.ts";
export { argoApplication, argoHelmTemplateArgs, type ArgoApplication, type ArgoApplicationOptions, type ArgoHelmSource } from "./argocd.ts";
export { migrate, migrateDocument, migrations, currentVersion, type MigrationStep, type Rename, type MigrationChange, type MigrateError, type MigrateResult } from "./migrations.ts";
export { explain, CHART_DEFAULTS, type ValuesLayer, type LayerStatement, type Explanation, type ExplainError, type ExplainResult } from "./explain.ts";
export { YamlError, HelmError, HelmNotFoundError, type ValuesError } from "./errors.ts";
export { check, type CheckFinding, type CheckOptions, type CheckResult } from "./check.ts";
export { policyFindings, policyNames, describeFinding, type PolicyFinding, type PolicyName } from "./policies.ts";
