// images' own metrics, next to the runtime's http_* ones: what became of each upload, and how long
// accepted uploads take to process, by format (AVIF encodes far slower than the others).
import { Counter, Histogram, type Registry } from "prom-client";

export type UploadResult = "created" | "missing" | "malformed" | "unsupported" | "corrupt" | "too_many_pixels" | "too_large" | "unshrinkable" | "rate_limited" | "over_quota" | "storage_full" | "busy" | "failed";

export function createMetrics(registry: Registry) {
  return {
    uploads: new Counter<"result">({ name: "image_uploads_total", help: "Image uploads by result", labelNames: ["result"], registers: [registry] }),
    processingSeconds: new Histogram<"format">({
      name: "image_processing_seconds",
      help: "Time to decode an accepted upload and encode its original and variants (queueing excluded)",
      labelNames: ["format"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
