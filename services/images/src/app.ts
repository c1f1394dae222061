// Builds the images service from its configuration: the database, migrations, readiness check,
// token checks against auth, multipart parsing with its limits, the processor and its limiter, the
// upload limits, metrics, routes, and the feed of deleted images for posts and auth.
import multipart from "@fastify/multipart";
import { createServiceClient, createServiceWithDatabase, createVerifier, fetchTokenVersion, refusingRevoked, type Service } from "@blog-platform/runtime";
import type { ImagesConfig } from "./config.ts";
import { createLimiter } from "./limiter.ts";
import { createMetrics } from "./metrics.ts";
import { migrations } from "./migrations.ts";
import { createProcessor, type ProcessedImage } from "./processing.ts";
import { registerInternalRoutes } from "./internal-routes.ts";
import { registerRoutes } from "./routes.ts";
import { createStore } from "./store.ts";

export interface ImagesServiceOptions {
  logStream?: NodeJS.WritableStream;
  /** The processor to use: createProcessor(config.MAX_INPUT_PIXELS) by default; a test wraps it to hold uploads in processing. */
  processImage?: (input: Buffer) => Promise<ProcessedImage>;
}

export async function createImagesService(config: ImagesConfig, options: ImagesServiceOptions = {}): Promise<{ service: Service; close(): Promise<void> }> {
  const { processImage = createProcessor(config.MAX_INPUT_PIXELS), ...serviceOptions } = options;
  const { service, pool } = await createServiceWithDatabase(config, migrations, serviceOptions);
  // multipart bodies are streamed to the plugin, outside fastify's bodyLimit: these limits bound them
  // (one file of at most MAX_UPLOAD_BYTES, a few small fields)
  service.app.register(multipart, { limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 11 } });
  const auth = createServiceClient({ baseUrl: config.AUTH_URL, name: "auth" });
  // a token revoked by a change of password or email uploads and deletes nothing
  const authenticate = refusingRevoked(await createVerifier(config.JWT_PUBLIC_KEY_FILE), (id, request) => fetchTokenVersion(auth, id, request.id));
  const store = createStore(pool, { uploadsPerHour: config.UPLOADS_PER_HOUR, userQuotaBytes: config.UPLOAD_QUOTA_BYTES, storageLimitBytes: config.STORAGE_LIMIT_BYTES });
  registerInternalRoutes(service.app, store);
  registerRoutes(service.app, {
    store,
    authenticate,
    processImage,
    limiter: createLimiter(config.PROCESSING_CONCURRENCY, config.PROCESSING_QUEUE_LIMIT),
    metrics: createMetrics(service.metrics),
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
  });
  return { service, close: () => pool.end() };
}
