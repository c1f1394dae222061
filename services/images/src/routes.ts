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
//   422 no `image` file, not an accepted format, truncated or corrupt, or over MAX_INPUT_PIXELS ·
//   503 too many uploads already in progress (with Retry-After), or the database is down.
//   Errors are RealWorld bodies, {"errors": {"image": ["..."]}} (`authorization` for a 401,
//   `database` while Postgres is down).
// GET|HEAD /api/images/:id            the original, in its own format, metadata stripped
// GET|HEAD /api/images/:id/:variant   thumb (a 128 px square crop), medium (within 960 px) or large
//                                     (within 1920 px), all WebP and never enlarged
//   200 with Content-Type, a strong ETag (the sha256 of the stored bytes), Cache-Control: public,
//   max-age=31536000, immutable (the bytes under an id never change) and X-Content-Type-Options:
//   nosniff · 304 when If-None-Match names that ETag · 404 for an unknown or malformed id or variant.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpError, requireUser, type Caller } from "@blog-platform/runtime";
import { BusyError, type Limiter } from "./limiter.ts";
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
      const image = await processUpload(await readUpload(request, maxUploadBytes), request, reply);
      const id = await store.createImage(user.id, [image.original, ...image.variants]);
      metrics.uploads.inc({ result: "created" });
      return reply.code(201).header("location", `/api/images/${id}`).send(imageBody(id, image));
    } catch (error) {
      metrics.uploads.inc({ result: error instanceof UploadError ? error.result : "failed" });
      throw error;
    }
  });

  const serve = async (request: FastifyRequest, reply: FastifyReply, id: string, variant: string) => {
    // a malformed id names no image (and is not worth a query Postgres would reject)
    const file = UUID.test(id) ? await store.file(id, variant) : undefined;
    if (!file) throw new HttpError(404, { image: [`no image ${id}`] });
    const etag = `"${file.sha256}"`;
    reply.header("etag", etag).header("cache-control", IMMUTABLE).header("x-content-type-options", "nosniff");
    if (matches(request.headers["if-none-match"], etag)) return reply.code(304).send();
    return reply.type(file.content_type).send(file.bytes);
  };

  app.get<{ Params: { id: string } }>("/api/images/:id", (request, reply) => serve(request, reply, request.params.id, "original"));

  app.get<{ Params: { id: string; variant: string } }>("/api/images/:id/:variant", async (request, reply) => {
    const { id, variant } = request.params;
    if (!Object.hasOwn(VARIANTS, variant)) throw new HttpError(404, { image: [`no variant ${variant}: there are ${Object.keys(VARIANTS).join(", ")}`] });
    return serve(request, reply, id, variant);
  });
}
