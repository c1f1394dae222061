// images' environment: the runtime's variables, Postgres, where auth is, the JWT public key, and the bounds of an
// upload and of what an account may store (the chart's images ConfigMap sets them; the processing
// bounds have defaults sized for its 2-CPU, 1 GiB limits).
import { databaseEnv, loadConfig, withBase, type BaseConfig, type DatabaseConfig } from "@blog-platform/runtime";

export interface ImagesConfig extends BaseConfig, DatabaseConfig {
  /** auth, asked for the uploader's token version (set by the chart from its call graph) */
  AUTH_URL: string;
  JWT_PUBLIC_KEY_FILE: string;
  /** Largest image file accepted, in bytes. */
  MAX_UPLOAD_BYTES: number;
  /** Largest width × height accepted: the decompression-bomb bound (a few KB can declare billions). */
  MAX_INPUT_PIXELS: number;
  /** Uploads decoded and encoded at once; sharp uses one thread each. */
  PROCESSING_CONCURRENCY: number;
  /** Uploads waiting for a processing slot; beyond them an upload gets a 503 at once. */
  PROCESSING_QUEUE_LIMIT: number;
  /** Uploads one account may make in a rolling hour (429 beyond). */
  UPLOADS_PER_HOUR: number;
  /** Bytes one account may store, originals and variants together (507 beyond). */
  UPLOAD_QUOTA_BYTES: number;
  /** Bytes all images may store together, below the Postgres volume every service shares (507 beyond). */
  STORAGE_LIMIT_BYTES: number;
}

export function imagesConfig(env: NodeJS.ProcessEnv = process.env): ImagesConfig {
  return loadConfig<ImagesConfig>(
    withBase({
      type: "object",
      required: [...databaseEnv.required, "AUTH_URL", "JWT_PUBLIC_KEY_FILE"],
      properties: {
        ...databaseEnv.properties,
        AUTH_URL: { type: "string", pattern: "^https?://" },
        JWT_PUBLIC_KEY_FILE: { type: "string", minLength: 1 },
        MAX_UPLOAD_BYTES: { type: "integer", minimum: 1, default: 10485760 },
        MAX_INPUT_PIXELS: { type: "integer", minimum: 1, default: 40000000 },
        PROCESSING_CONCURRENCY: { type: "integer", minimum: 1, default: 2 },
        PROCESSING_QUEUE_LIMIT: { type: "integer", minimum: 0, default: 8 },
        UPLOADS_PER_HOUR: { type: "integer", minimum: 1, default: 30 },
        UPLOAD_QUOTA_BYTES: { type: "integer", minimum: 1, default: 268435456 },
        STORAGE_LIMIT_BYTES: { type: "integer", minimum: 1, default: 4294967296 },
      },
    }),
    env,
  );
}
