// The images API. Uploading needs a token; reading is public, because the URLs end up in profiles
// (`image`) and article covers that anyone may view.
//
// POST /api/images   multipart/form-data with one file in the field `image` (what a browser's FormData
//   sends), at most MAX_UPLOAD_BYTES. The format is read from the bytes, whatever the filename or
//   part type say: JPEG, PNG, WebP or AVIF (of an animation, the first frame).
//   201 {"image": {"id", "url": "/api/images/<id>", "width", "height", "contentType",
//                  "variants": {"thumb": "<url>/thumb", "medium": "<url>/medium", "large": "<url>/large"}}}
//       and Location: <url>; width, height and contentType are the stored original's (EXIF rotation
//       applied, so a portrait photo is taller than wide).
//   400 a malformed multipart body · 401 no or bad token · 413 the file is over MAX_UPLOAD_BYTES (or
//   the form has more than a few small fields beside it) · 415 not multipart/form-data ·
//   422 no `image` file, not an accepted format, truncated or corrupt, over MAX_INPUT_PIXELS, or with
//   metadata and not storable in as few bytes without it · 429 over UPLOADS_PER_HOUR (with
//   Retry-After) · 507 over the account's UPLOAD_QUOTA_BYTES, or all images over STORAGE_LIMIT_BYTES ·
//   503 too many uploads already in progress (with Retry-After), or the database is down.
//   Errors are RealWorld bodies, {"errors": {"image": ["..."]}} (`authorization` for a 401,
//   `database` while Postgres is down).
//   The stored original is never larger than the upload (see processing.ts).
// DELETE /api/images/:id   204; 401 without a token, 403 for another account's image, 404 for an
//   unknown one. Its bytes count against the owner's quota no more. Copies already cached (the
//   responses are immutable) stay cached where they are.
// GET|HEAD /api/images/:id            the original, in its own format, metadata stripped
// GET|HEAD /api/images/:id/:variant   thumb (a 128 px square crop), medium (within 960 px) or large
//                                     (within 1920 px), all WebP and never enlarged
//   200 with Content-Type, a strong ETag (the sha256 of the stored bytes), Cache-Control: public,
//   max-age=31536000, immutable (the bytes under an id never change) and X-Content-Type-Options:
//   nosniff · 304 when If-None-Match names that ETag · 404 for an unknown or malformed id or variant.
//   The bytes are streamed from Postgres a chunk at a time, never held whole.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpError, requireUser, type Caller } from "@blog-platform/runtime";
import { BusyError, type Limiter } from "./limiter.ts";
import { LimitError } from "./limits.ts";
import type { Metrics, UploadResult } from "./metrics.ts";
import { InvalidImageError, VARIANTS, type ProcessedImage } from "./processing.ts";
import type { Store } from "./store.ts";

export interface Dependencies {
  store: Store;
  authenticate: (request: FastifyRequest) => Promise<Caller | undefined>;
  processImage: (input: Buffer) => Promise<ProcessedImage>;
  limiter: Limiter;
  metrics: Metrics;
  maxUploadBytes: number;
}

/** Room for the multipart framing around the file: boundaries, part headers, a few small fields. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const RETRY_AFTER_SECONDS = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMMUTABLE = "public, max-age=31536000, immutable";

/** An upload refused, with the result image_uploads_total counts it under. */
class UploadError extends HttpError {
  constructor(readonly result: UploadResult, statusCode: number, message: string) {
    super(statusCode, { image: [message] });
  }
}

/** The file in the field `image`, read into memory (never to disk: the root filesystem is read-only). */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new UploadError("too_large", 413, `is larger than the ${maxBytes} bytes allowed`);
  if (!request.isMultipart()) throw new UploadError("missing", 415, "send the image as multipart/form-data, in the field `image`");
  // a declared length is refused before a byte is read; a chunked body is cut off by the plugin's limits
  if (Number(request.headers["content-length"]) > maxBytes + MULTIPART_OVERHEAD_BYTES) throw tooLarge();
  try {
    const part = await request.file();
    if (part?.fieldname !== "image") throw new UploadError("missing", 422, "can't be blank: send the file in the multipart field `image`");
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof UploadError) throw error;
    const { code, statusCode } = error as { code?: string; statusCode?: number };
    if (code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    if (statusCode === 413) throw new UploadError("too_large", 413, "the form has too many parts: send one file, in the field `image`");
    throw new UploadError("malformed", 400, "the multipart/form-data body is malformed");
  }
}

const LIMIT_RESULTS = { rate: ["rate_limited", 429], quota: ["over_quota", 507], storage: ["storage_full", 507] } as const;

/** The answer to an upload a limit refused; a full store is logged, since only an operator can help. */
function refusedByLimit(error: LimitError, request: FastifyRequest, reply: FastifyReply): UploadError {
  const [result, status] = LIMIT_RESULTS[error.limit];
  if (error.limit === "storage") request.log.warn("upload refused: STORAGE_LIMIT_BYTES reached, every image together");
  if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
  return new UploadError(result, status, error.message);
}

/** If-None-Match (RFC 9110): `*`, or a list of entity tags compared weakly. */
const matches = (header: string | undefined, etag: string) =>
  header !== undefined && (header.trim() === "*" || header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag));

function imageBody(id: string, { original }: ProcessedImage) {
  const url = `/api/images/${id}`;
  const variants = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, `${url}/${name}`]));
  return { image: { id, url, width: original.width, height: original.height, contentType: original.contentType, variants } };
}

export function registerRoutes(app: FastifyInstance, deps: Dependencies): void {
  const { store, authenticate, processImage, limiter, metrics, maxUploadBytes } = deps;

  const processUpload = async (input: Buffer, request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await limiter.run(async () => {
        const done = metrics.processingSeconds.startTimer();
        const image = await processImage(input);
        done({ format: image.format });
        return image;
      });
    } catch (error) {
      if (error instanceof BusyError) {
        request.log.warn({ reason: error.message }, "upload refused: processing queue full");
        reply.header("retry-after", String(RETRY_AFTER_SECONDS));
        throw new UploadError("busy", 503, "too many uploads are being processed: try again in a few seconds");
      }
      if (error instanceof InvalidImageError) {
        request.log.info({ err: error.cause, reason: error.reason }, "upload refused");
        throw new UploadError(error.reason, 422, error.message);
      }
      throw error;
    }
  };

  app.post("/api/images", async (request, reply) => {
    const user = requireUser(await authenticate(request));
    try {
      const input = await readUpload(request, maxUploadBytes);
      // the limits as they stand, before any CPU is spent; the store checks them again as it writes
      const refusal = await store.precheck(user.id, input.length);
      if (refusal) throw refusal;
      const image = await processUpload(input, request, reply);
      const id = await store.createImage(user.id, [image.original, ...image.variants]);
      metrics.uploads.inc({ result: "created" });
      return reply.code(201).header("location", `/api/images/${id}`).send(imageBody(id, image));
    } catch (error) {
      const refused = error instanceof LimitError ? refusedByLimit(error, request, reply) : error;
      metrics.uploads.inc({ result: refused instanceof UploadError ? refused.result : "failed" });
      throw refused;
    }
  });

  app.delete<{ Params: { id: string } }>("/api/images/:id", async (request, reply) => {
    const user = requireUser(await authenticate(request));
    const { id } = request.params;
    const result = UUID.test(id) ? await store.deleteImage(id, user.id) : "missing";
    if (result === "missing") throw new HttpError(404, { image: [`no image ${id}`] });
    if (result === "forbidden") throw new HttpError(403, { image: ["only its owner can delete this image"] });
    return reply.code(204).send();
  });

  const serve = async (request: FastifyRequest, reply: FastifyReply, id: string, variant: string) => {
    // a malformed id names no image (and is not worth a query Postgres would reject)
    const file = UUID.test(id) ? await store.fileInfo(id, variant) : undefined;
    if (!file) throw new HttpError(404, { image: [`no image ${id}`] });
    const etag = `"${file.sha256}"`;
    reply.header("etag", etag).header("cache-control", IMMUTABLE).header("x-content-type-options", "nosniff");
    if (matches(request.headers["if-none-match"], etag)) return reply.code(304).send();
    // a web stream, because fastify cancels one for HEAD where it would read a node stream to the end:
    // the generator is lazy, so HEAD costs no query for the bytes
    return reply.type(file.content_type).header("content-length", String(file.size)).send(ReadableStream.from(store.fileBytes(id, variant, file.size)));
  };

  app.get<{ Params: { id: string } }>("/api/images/:id", (request, reply) => serve(request, reply, request.params.id, "original"));

  app.get<{ Params: { id: string; variant: string } }>("/api/images/:id/:variant", async (request, reply) => {
    const { id, variant } = request.params;
    if (!Object.hasOwn(VARIANTS, variant)) throw new HttpError(404, { image: [`no variant ${variant}: there are ${Object.keys(VARIANTS).join(", ")}`] });
    return serve(request, reply, id, variant);
  });
}
