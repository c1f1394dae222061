// Configuration from environment variables only (DESIGN.md, service contract), validated at start-up
// with env-schema (JSON Schema + ajv): a missing or malformed variable stops the process with a
// message that names it.
import { envSchema } from "env-schema";

export type EnvSchema = { type: "object"; required?: readonly string[]; properties: Readonly<Record<string, Readonly<Record<string, unknown>>>> };

/** The variables every service reads; a service adds its own with `withBase`. */
export const baseEnv = {
  type: "object",
  required: ["SERVICE_NAME"],
  properties: {
    SERVICE_NAME: { type: "string", minLength: 1 },
    PORT: { type: "integer", minimum: 1, maximum: 65535, default: 8080 },
    HOST: { type: "string", default: "0.0.0.0" },
    LOG_LEVEL: { type: "string", enum: ["trace", "debug", "info", "warn", "error", "fatal"], default: "info" },
    DRAIN_DELAY_SECONDS: { type: "number", minimum: 0, default: 5 },
    // after the drain, in-flight requests get this long before their connections are cut; keep
    // drain + this below the pod's terminationGracePeriodSeconds
    SHUTDOWN_TIMEOUT_SECONDS: { type: "number", minimum: 1, default: 15 },
    // proxies in front of the service whose X-Forwarded-For is believed: the gateway, one hop
    TRUST_PROXY_HOPS: { type: "integer", minimum: 0, default: 1 },
    // past this mean event-loop lag new requests are shed with 503 and Retry-After (load-shedding.ts);
    // 0 turns it off. Half a second: a lag at which a request already misses a 1 s p99, and which
    // a pod starting beside others on a busy node does not reach
    MAX_EVENT_LOOP_DELAY_MS: { type: "integer", minimum: 0, default: 500 },
    METRICS_PATH: { type: "string", pattern: "^/", default: "/metrics" },
    // metrics have a port of their own: whoever may scrape them is not let into the API
    METRICS_PORT: { type: "integer", minimum: 1, maximum: 65535, default: 9090 },
  },
} as const satisfies EnvSchema;

export interface BaseConfig {
  SERVICE_NAME: string;
  PORT: number;
  HOST: string;
  LOG_LEVEL: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  DRAIN_DELAY_SECONDS: number;
  SHUTDOWN_TIMEOUT_SECONDS: number;
  TRUST_PROXY_HOPS: number;
  MAX_EVENT_LOOP_DELAY_MS: number;
  METRICS_PATH: string;
  METRICS_PORT: number;
}

export function withBase(schema: EnvSchema): EnvSchema {
  return {
    type: "object",
    required: [...baseEnv.required, ...(schema.required ?? [])],
    properties: { ...baseEnv.properties, ...schema.properties },
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and checks `env` (default process.env); throws ConfigError naming every bad variable. */
export function loadConfig<T extends BaseConfig>(schema: EnvSchema, env: NodeJS.ProcessEnv = process.env): T {
  try {
    return envSchema<T>({ schema, data: env, dotenv: false });
  } catch (error) {
    // env-schema's message reads "env must have required property 'X', env/PORT must be <= 65535"
    const { errors = [] } = error as { errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> };
    const detail = errors.length
      ? errors
          .map((e) => {
            const name = String(e.params.missingProperty ?? e.instancePath.replace(/^\//, ""));
            if (e.keyword === "required") return `${name} is required but not set`;
            if (e.keyword === "enum") return `${name} must be one of ${(e.params.allowedValues as string[]).join(", ")}`;
            return `${name} ${e.message}`;
          })
          .join(", ")
      : (error as Error).message;
    throw new ConfigError(`invalid configuration: ${detail}`);
  }
}
