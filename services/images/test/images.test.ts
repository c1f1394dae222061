// images against a real Postgres, and the real auth it asks about tokens, on loopback: uploads of every accepted format, what is refused and
// why, serving with cache headers, the processing queue, and a database outage. Requests go through
// fastify's inject, with multipart bodies encoded by the platform's FormData as a browser sends them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { crc32, deflateSync } from "node:zlib";
import type pg from "pg";
import { decodeJwt } from "jose";
import sharp from "sharp";
import { createPool, createSigner, type Service } from "@blog-platform/runtime";
import { createImagesService } from "../src/app.ts";
import { imagesConfig, type ImagesConfig } from "../src/config.ts";
import { createProcessor } from "../src/processing.ts";
import { createStore, SERVE_CHUNK_BYTES } from "../src/store.ts";
import { startPostgres, type TestPostgres } from "../../../test/support/postgres.ts";
import { startRedis, type TestRedis } from "../../../test/support/redis.ts";
import { startAuth, type RunningService } from "../../../test/support/services.ts";
import { signUp } from "../../../test/support/api.ts";
import { serviceEnv, writeKeyPair } from "../../../test/support/service-env.ts";

type Json = Record<string, any>;
const MAX_UPLOAD_BYTES = 400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let postgres: TestPostgres;
let config: ImagesConfig;
let service: Service;
let close: () => Promise<void>;
let pool: pg.Pool;
let token: string;
let foreignToken: string;
let env: Record<string, string>;
let redis: TestRedis;
let auth: RunningService;
let jakeId: string;
let keyFiles: { privateKey: string; publicKey: string };

/** A user signed up with auth, which images asks whether their token still holds. */
const account = async (username: string) => {
  const token = await signUp(auth.url, username);
  return { token, id: decodeJwt(token).sub! };
};

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** A solid-colour image of the given format and size. */
const picture = (format: "jpeg" | "png" | "webp" | "avif" | "gif" | "tiff", width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 80, b: 40, alpha: 0.5 } } })
    .toFormat(format)
    .toBuffer();

/** A JPEG of random noise: large for its size. */
const noisyJpeg = (width: number, height: number, sigma: number, quality = 85) =>
  sharp({ create: { width, height, channels: 3, background: "black", noise: { type: "gaussian", mean: 128, sigma } } }).jpeg({ quality }).toBuffer();

/**
 * A PNG whose header declares width×height 1-bit greyscale pixels, with `chunks` (tEXt...) after
 * the header, and whose IDAT chunk holds `idat`: the deflated rows, or anything else. Written by hand because sharp needs ~15 s to encode 400
 * megapixels, and would never write a broken file; the bytes are what an attacker would send either way.
 */
function png(width: number, height: number, idat: Buffer, chunks: Array<[type: string, data: Buffer]> = []): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const framing = Buffer.alloc(8);
    framing.writeUInt32BE(data.length, 0);
    framing.writeUInt32BE(crc32(body), 4);
    return Buffer.concat([framing.subarray(0, 4), body, framing.subarray(4)]);
  };
  const header = Buffer.alloc(13); // bit depth 1, greyscale, deflate, no filter, no interlace
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1;
  return Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), chunk("IHDR", header), ...chunks.map(([type, data]) => chunk(type, data)), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

/**
 * A valid PNG of all-zero pixels (each row: filter 0, then the bits): the rows deflate about 1000:1,
 * so it is a few KB on the wire and hundreds of megabytes decoded.
 */
const pngBomb = (width: number, height: number) => png(width, height, deflateSync(Buffer.alloc((1 + Math.ceil(width / 8)) * height), { level: 9 }));

/** A PNG of random 1-bit pixels: libvips writes 8 bits a pixel, so no re-encoding of it is smaller. */
function randomBitsPng(chunks: Array<[string, Buffer]> = []) {
  const width = 200;
  const rows = Buffer.alloc((1 + width / 8) * width);
  for (let y = 0; y < width; y++) randomBytes(width / 8).copy(rows, y * (1 + width / 8) + 1);
  return png(width, width, deflateSync(rows, { level: 9 }), chunks);
}

/** Pixel data that is no deflate stream: whatever decodes it finds the file corrupt. */
const NOT_DEFLATE = Buffer.from("these bytes are not a zlib stream");

interface Part {
  field?: string;
  filename?: string;
  type?: string;
}

/** `file` (field `image` unless told otherwise) and `fields` in a FormData, encoded as a browser sends it. */
async function encodeForm(file: Buffer | undefined, options: Part & { fields?: Record<string, string> } = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  if (file) form.append(options.field ?? "image", new Blob([file], { type: options.type ?? "application/octet-stream" }), options.filename ?? "upload.bin");
  const encoded = new Request("http://images.test/", { method: "POST", body: form });
  return { contentType: encoded.headers.get("content-type")!, body: Buffer.from(await encoded.arrayBuffer()) };
}

/** POST /api/images with `file` in a FormData, with the test user's token unless told otherwise. */
async function upload(file: Buffer | undefined, options: Part & { token?: string | null; authorization?: string; fields?: Record<string, string>; on?: Service } = {}) {
  const { contentType, body } = await encodeForm(file, options);
  const bearer = options.token === undefined ? token : options.token;
  const authorization = options.authorization ?? (bearer ? `Token ${bearer}` : undefined);
  return send({ "content-type": contentType, ...(authorization ? { authorization } : {}) }, body, options.on);
}

async function send(headers: Record<string, string>, payload: Buffer | string, on = service) {
  const response = await on.app.inject({ method: "POST", url: "/api/images", headers, payload });
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body) as Json };
}

async function get(url: string, headers: Record<string, string> = {}, method: "GET" | "HEAD" = "GET") {
  const response = await service.app.inject({ method, url, headers });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload, json: () => JSON.parse(response.body) as Json };
}

/** The samples of a Prometheus text exposition: `name{labels}` as written → value. */
function samples(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

const rowCounts = async () => {
  const { rows } = await pool.query<{ images: number; files: number }>("select (select count(*)::int from images) as images, (select count(*)::int from image_files) as files");
  return rows[0]!;
};

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const keys = (keyFiles = writeKeyPair(mkdtempSync(join(tmpdir(), "images-keys-"))));
  const foreign = writeKeyPair(mkdtempSync(join(tmpdir(), "images-foreign-keys-")));
  // the limits are tested on services of their own, with their own accounts
  env = { ...serviceEnv("images", postgres, undefined, keys), LOG_LEVEL: "warn", MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) };
  auth = await startAuth({ postgres, redis, keys });
  env.AUTH_URL = auth.url;
  config = imagesConfig({ ...env, UPLOADS_PER_HOUR: "10000" });
  ({ service, close } = await createImagesService(config, { logStream: discard() }));
  pool = createPool(config);
  ({ token, id: jakeId } = await account("jake"));
  foreignToken = await (await createSigner(foreign.privateKey, 3600))({ id: "7", username: "jake" });
});
afterAll(async () => {
  await service?.app.close();
  await close?.();
  await pool?.end();
  await auth?.stop();
  await redis?.stop();
  postgres?.destroy();
});

describe("uploading", () => {
  it.each([
    ["jpeg", "image/jpeg", "jpeg"],
    ["png", "image/png", "png"],
    ["webp", "image/webp", "webp"],
    ["avif", "image/avif", "heif"],
  ] as const)("stores a %s as it is, with WebP variants never larger than asked", async (format, contentType, sharpFormat) => {
    const before = await rowCounts();
    const { status, headers, body } = await upload(await picture(format, 2400, 1600), { filename: `photo.${format}`, type: contentType });
    expect(status).toBe(201);
    const id = body.image.id as string;
    expect(id).toMatch(UUID);
    expect(await rowCounts()).toEqual({ images: before.images + 1, files: before.files + 4 });
    expect((await pool.query("select owner_id::text from images where id = $1", [id])).rows).toEqual([{ owner_id: jakeId }]);
    const url = `/api/images/${id}`;
    expect(body).toEqual({
      image: { id, url, width: 2400, height: 1600, contentType, variants: { thumb: `${url}/thumb`, medium: `${url}/medium`, large: `${url}/large` } },
    });
    expect(headers.location).toBe(url);

    const original = await get(url);
    expect(original.headers["content-type"]).toBe(contentType);
    expect(await sharp(original.bytes).metadata()).toMatchObject({ format: sharpFormat, width: 2400, height: 1600 });
    const sizes: Record<string, [number, number]> = { thumb: [128, 128], medium: [960, 640], large: [1920, 1280] };
    for (const [variant, [width, height]] of Object.entries(sizes)) {
      const file = await get(`${url}/${variant}`);
      expect(file.headers["content-type"], variant).toBe("image/webp");
      expect(await sharp(file.bytes).metadata(), variant).toMatchObject({ format: "webp", width, height });
    }
  });

  it("reads the format from the bytes, not from the filename or the part's type, and never enlarges", async () => {
    const { status, body } = await upload(await picture("png", 100, 60, 4), { filename: "avatar.jpg", type: "image/jpeg" });
    expect(status).toBe(201);
    expect(body.image).toMatchObject({ width: 100, height: 60, contentType: "image/png" });
    const original = await get(body.image.url);
    expect(original.headers["content-type"]).toBe("image/png");
    expect(await sharp(original.bytes).metadata()).toMatchObject({ format: "png", hasAlpha: true });
    const sizes = await Promise.all(Object.values(body.image.variants as Record<string, string>).map(async (url) => sharp((await get(url)).bytes).metadata()));
    // the thumbnail is still square: the largest centred square, not an enlargement
    expect(sizes.map(({ width, height }) => [width, height])).toEqual([
      [60, 60],
      [100, 60],
      [100, 60],
    ]);
  });

  it("applies the EXIF orientation to the pixels and stores no metadata (no EXIF, no GPS)", async () => {
    // a landscape JPEG, red above and blue below, whose EXIF says "rotate 90° clockwise to display"
    const input = await sharp({ create: { width: 300, height: 200, channels: 3, background: "red" } })
      .composite([{ input: { create: { width: 300, height: 100, channels: 3, background: "blue" } }, top: 100, left: 0 }])
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Make: "PhoneMaker", Model: "Phone 1" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2400/100" } })
      .jpeg()
      .toBuffer();
    const sent = await sharp(input).metadata();
    expect(sent.orientation).toBe(6);
    expect(sent.exif?.toString("latin1")).toContain("PhoneMaker");

    const { status, body } = await upload(input);
    expect(status).toBe(201);
    expect(body.image).toMatchObject({ width: 200, height: 300 });
    for (const url of [body.image.url, ...Object.values(body.image.variants as Record<string, string>)]) {
      const stored = await get(url);
      const metadata = await sharp(stored.bytes).metadata();
      expect(metadata.exif, url).toBeUndefined();
      expect(metadata.xmp, url).toBeUndefined();
      expect(metadata.orientation, url).toBeUndefined();
      expect(stored.bytes.includes("PhoneMaker"), url).toBe(false);
    }
    // displayed upright: the top of the sensor image is now on the right
    const { data, info } = await sharp((await get(body.image.url)).bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(pixel(190, 150)[0]).toBeGreaterThan(200); // red
    expect(pixel(190, 150)[2]).toBeLessThan(60);
    expect(pixel(10, 150)[2]).toBeGreaterThan(200); // blue
    expect(pixel(10, 150)[0]).toBeLessThan(60);
  });
});

describe("stored originals", () => {
  const storedBytes = async (id: string) => (await pool.query<{ bytes: Buffer }>("select bytes from image_files where image_id = $1 and variant = 'original'", [id])).rows[0]!.bytes;

  it("re-encodes at a lower quality rather than store an original larger than the upload", async () => {
    // saved at quality 60: re-encoded at 90, 80 or 70 it would grow
    const input = await sharp(await noisyJpeg(600, 400, 40, 60))
      .withExif({ IFD0: { Make: "PhoneMaker" } })
      .jpeg({ quality: 60 })
      .toBuffer();
    expect((await sharp(input).jpeg({ quality: 90 }).toBuffer()).length).toBeGreaterThan(input.length);
    const { status, body } = await upload(input);
    expect(status).toBe(201);
    const stored = await storedBytes(body.image.id);
    expect(stored.length).toBeLessThanOrEqual(input.length);
    expect(stored.includes("PhoneMaker")).toBe(false);
    expect(await sharp(stored).metadata()).toMatchObject({ format: "jpeg", width: 600, height: 400 });
  });

  it("keeps an upload byte for byte when no encoding is smaller and it has no metadata", async () => {
    const input = randomBitsPng();
    const { status, body } = await upload(input);
    expect(status).toBe(201);
    expect(body.image).toMatchObject({ width: 200, height: 200, contentType: "image/png" });
    expect((await storedBytes(body.image.id)).equals(input)).toBe(true);
    expect((await get(body.image.url)).bytes.equals(input)).toBe(true);
  });

  it("refuses, with a 422 saying what to do, an upload whose metadata no smaller encoding can drop", async () => {
    const before = await rowCounts();
    const { status, body } = await upload(randomBitsPng([["tEXt", Buffer.from("Comment\0taken at home", "latin1")]]));
    expect(status).toBe(422);
    expect(body).toEqual({
      errors: { image: ["could not be stored without its metadata in as few bytes as it was uploaded with: remove its metadata (EXIF, XMP, ICC) and upload it again"] },
    });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("refused uploads", () => {
  it("refuses a token revoked by a change of password, and one of a user auth no longer knows (401)", async () => {
    const changer = await account("changer");
    const { id } = (await upload(await picture("png", 20, 20), { token: changer.token })).body.image as { id: string };
    const changed = await fetch(`${auth.url}/api/user`, {
      method: "PUT",
      headers: { authorization: `Token ${changer.token}`, "content-type": "application/json" },
      body: JSON.stringify({ user: { password: "another-password-1", currentPassword: "password123" } }),
    });
    expect(changed.status).toBe(200);
    expect(await upload(await picture("png", 20, 20), { token: changer.token })).toMatchObject({
      status: 401,
      body: { errors: { authorization: ["the token was revoked by a change of password or email: log in again"] } },
    });
    expect((await service.app.inject({ method: "DELETE", url: `/api/images/${id}`, headers: { authorization: `Token ${changer.token}` } })).statusCode).toBe(401);
    // the new token, from the change, still works
    const { user } = (await changed.json()) as Json;
    expect((await upload(await picture("png", 20, 20), { token: user.token })).status).toBe(201);

    const stranger = await (await createSigner(keyFiles.privateKey, 3600))({ id: "987654", username: "nobody" });
    expect(await upload(await picture("png", 20, 20), { token: stranger })).toMatchObject({
      status: 401,
      body: { errors: { authorization: ["the user of this token no longer exists"] } },
    });
  });

  it("needs a valid token: none, one signed by another key, or a malformed header is a 401 and stores nothing", async () => {
    const before = await rowCounts();
    const image = await picture("png", 10, 10);
    expect(await upload(image, { token: null })).toMatchObject({ status: 401, body: { errors: { authorization: [expect.stringContaining("log in first")] } } });
    expect(await upload(image, { token: foreignToken })).toMatchObject({ status: 401, body: { errors: { authorization: ["the token is not valid"] } } });
    expect((await upload(image, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses anything but a JPEG, PNG, WebP or AVIF with a 422 naming `image`, whatever it claims to be", async () => {
    const before = await rowCounts();
    const jpeg = await noisyJpeg(400, 300, 40);
    const png = await picture("png", 400, 300);
    const unsupported = {
      text: Buffer.from("just some text, not an image\n"),
      gif: await picture("gif", 20, 20),
      svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20"/></svg>'),
      tiff: await picture("tiff", 20, 20),
    };
    for (const [name, bytes] of Object.entries(unsupported)) {
      expect(await upload(bytes, { filename: "photo.png", type: "image/png" }), name).toMatchObject({ status: 422, body: { errors: { image: ["is not a JPEG, PNG, WebP or AVIF image"] } } });
      // not even parsed: loading processing.ts blocked every other decoder in this process
      await expect(sharp(bytes).metadata(), name).rejects.toThrow(/unsupported image format/);
    }
    const damaged = {
      "truncated jpeg": jpeg.subarray(0, Math.floor(jpeg.length * 0.6)),
      "truncated png": png.subarray(0, png.length - 20),
      "jpeg header only": jpeg.subarray(0, 300),
    };
    for (const [name, bytes] of Object.entries(damaged)) {
      expect(await upload(bytes), name).toMatchObject({ status: 422, body: { errors: { image: ["could not be decoded: the file is truncated or corrupt"] } } });
    }
    expect(await upload(Buffer.alloc(0))).toMatchObject({ status: 422, body: { errors: { image: ["is an empty file"] } } });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a decompression bomb by its declared size, before decoding it, and stores nothing", async () => {
    const before = await rowCounts();
    const tooLarge = { status: 422, headers: expect.anything(), body: { errors: { image: ["is too large: 20000×20000 pixels, more than the 40000000 allowed"] } } };
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata(), "a valid PNG header").toMatchObject({ format: "png", width: 20_000, height: 20_000 });
    expect(await upload(bomb)).toEqual(tooLarge);
    // the same header over pixel data that cannot be decoded: only the header can have refused it,
    // since decoding would have found it corrupt (as it does below a small declared size)
    expect(await upload(png(20_000, 20_000, NOT_DEFLATE))).toEqual(tooLarge);
    expect(await upload(png(64, 64, NOT_DEFLATE)), "the control").toMatchObject({ status: 422, body: { errors: { image: ["could not be decoded: the file is truncated or corrupt"] } } });
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 413 for a file over MAX_UPLOAD_BYTES, whether cut off while reading or by its Content-Length", async () => {
    const tooLarge = { status: 413, body: { errors: { image: [`is larger than the ${MAX_UPLOAD_BYTES} bytes allowed`] } } };
    // within the multipart overhead allowance, so the plugin's file-size limit is what stops it
    expect(await upload(Buffer.alloc(MAX_UPLOAD_BYTES + 1, 1))).toMatchObject(tooLarge);
    // a declared length over the limit is refused before the body is read (this one declares more than it sends)
    const form = await encodeForm(Buffer.alloc(10));
    const declared = { authorization: `Token ${token}`, "content-type": form.contentType, "content-length": String(MAX_UPLOAD_BYTES * 2) };
    expect(await send(declared, form.body)).toMatchObject(tooLarge);
    const fields = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`field${i}`, "x"]));
    expect(await upload(await picture("png", 10, 10), { fields })).toMatchObject({ status: 413, body: { errors: { image: ["the form has too many parts: send one file, in the field `image`"] } } });
    // exactly the limit is accepted as far as size goes (and then refused as not an image)
    expect((await upload(Buffer.alloc(MAX_UPLOAD_BYTES, 1))).status).toBe(422);
  });

  it("wants the file as multipart/form-data in the field `image`", async () => {
    const image = await picture("png", 10, 10);
    const blank = { status: 422, body: { errors: { image: ["can't be blank: send the file in the multipart field `image`"] } } };
    expect(await upload(undefined, { fields: { title: "no file here" } })).toMatchObject(blank);
    expect(await upload(image, { field: "avatar" })).toMatchObject(blank);
    expect(await send({ authorization: `Token ${token}`, "content-type": "image/png" }, image)).toMatchObject({ status: 415 });
    expect(await send({ authorization: `Token ${token}`, "content-type": "application/json" }, '{"image": "x"}')).toMatchObject({
      status: 415,
      body: { errors: { image: ["send the image as multipart/form-data, in the field `image`"] } },
    });
    const malformed = await send({ authorization: `Token ${token}`, "content-type": "multipart/form-data; boundary=xyz" }, "--xyz\r\nContent-Disposition: form-data; name=");
    expect(malformed).toMatchObject({ status: 400, body: { errors: { image: ["the multipart/form-data body is malformed"] } } });
  });

  it("writes all of an image's rows or none", async () => {
    const before = await rowCounts();
    const file = { variant: "original", contentType: "image/png", width: 1, height: 1, bytes: Buffer.from("x"), sha256: "0".repeat(64) };
    // the third row breaks the primary key after the first two went in
    await expect(createStore(pool, { uploadsPerHour: 100, userQuotaBytes: 1e9, storageLimitBytes: 1e12 }).createImage("7", [file, { ...file, variant: "thumb" }, file])).rejects.toThrow(/duplicate key/);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("serving", () => {
  let image: Json;
  beforeAll(async () => {
    image = (await upload(await picture("jpeg", 800, 600))).body.image;
  });

  it("serves the original and each variant with its type, a strong ETag of its bytes and immutable caching", async () => {
    for (const [url, type] of [[image.url, "image/jpeg"], ...Object.values(image.variants as Record<string, string>).map((u) => [u, "image/webp"])] as Array<[string, string]>) {
      const { status, headers, bytes } = await get(url);
      expect(status, url).toBe(200);
      expect(headers["content-type"], url).toBe(type);
      expect(headers.etag, url).toBe(`"${createHash("sha256").update(bytes).digest("hex")}"`);
      expect(headers["cache-control"], url).toBe("public, max-age=31536000, immutable");
      expect(headers["x-content-type-options"], url).toBe("nosniff");
      expect(Number(headers["content-length"]), url).toBe(bytes.length);
    }
  });

  it("streams a file larger than a chunk whole, byte for byte what was stored", async () => {
    // random grey pixels: incompressible, so the stored PNG is as large as the upload
    const input = await sharp(randomBytes(560 * 500), { raw: { width: 560, height: 500, channels: 1 } }).toColourspace("b-w").png().toBuffer();
    const { status, body } = await upload(input);
    expect(status, JSON.stringify(body)).toBe(201);
    const stored = (await pool.query<{ bytes: Buffer }>("select bytes from image_files where image_id = $1 and variant = 'original'", [body.image.id])).rows[0]!.bytes;
    expect(stored.length).toBeGreaterThan(SERVE_CHUNK_BYTES);
    const served = await get(body.image.url);
    expect(served.bytes.equals(stored)).toBe(true);
    expect(Number(served.headers["content-length"])).toBe(stored.length);
  });

  it("answers HEAD with the headers and no body", async () => {
    const full = await get(image.variants.thumb);
    const head = await get(image.variants.thumb, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.bytes.length).toBe(0);
    expect(head.headers).toMatchObject({ "content-type": "image/webp", etag: full.headers.etag, "content-length": String(full.bytes.length) });
  });

  it("answers 304 without a body when If-None-Match names the ETag (strong, weak, in a list or *), 200 otherwise", async () => {
    const { etag } = (await get(image.url)).headers as { etag: string };
    for (const header of [etag, `W/${etag}`, `"something-else", ${etag}`, "*"]) {
      const { status, bytes, headers } = await get(image.url, { "if-none-match": header });
      expect(status, header).toBe(304);
      expect(bytes.length, header).toBe(0);
      expect(headers, header).toMatchObject({ etag, "cache-control": "public, max-age=31536000, immutable" });
    }
    expect((await get(image.url, { "if-none-match": '"something-else"' })).status).toBe(200);
    expect((await get(image.variants.medium, { "if-none-match": etag })).status, "another file's ETag").toBe(200);
  });

  it("answers 404 with a RealWorld body for an unknown or malformed id or variant, never a 500", async () => {
    const unknown = await get("/api/images/00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ errors: { image: ["no image 00000000-0000-4000-8000-000000000000"] } });
    expect((await get("/api/images/00000000-0000-4000-8000-000000000000/thumb")).status).toBe(404);
    const variant = await get(`${image.url}/huge`);
    expect(variant.status).toBe(404);
    expect(variant.json()).toEqual({ errors: { image: ["no variant huge: there are thumb, medium, large"] } });
    for (const url of ["/api/images/not-a-uuid", "/api/images/1", "/api/images/%27%3B%20drop%20table%20images%3B--", `${image.url}/original`, `${image.url}/thumb/extra`, `${image.url}/constructor`]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.json().errors, url).toBeDefined();
    }
  });
});

describe("upload limits", () => {
  const limited: Array<{ service: Service; close(): Promise<void> }> = [];
  const limitedService = async (settings: Record<string, string>) => {
    const started = await createImagesService(imagesConfig({ ...env, PROCESSING_QUEUE_LIMIT: "100", ...settings }), { logStream: discard() });
    limited.push(started);
    return started.service;
  };
  const usage = async (owner: string) =>
    (await pool.query<{ bytes: string; stored: string }>("select (select bytes from image_usage where owner_id = $1)::text as bytes, (select sum(stored_bytes) from images where owner_id = $1)::text as stored", [owner])).rows[0]!;
  afterAll(async () => {
    for (const { service, close } of limited) {
      await service.app.close();
      await close();
    }
  });

  it("lets an account make UPLOADS_PER_HOUR uploads in an hour, even when 40 race, then answers 429 with Retry-After", async () => {
    const on = await limitedService({ UPLOADS_PER_HOUR: "3" });
    const racer = await account("racer");
    const file = await picture("png", 40, 40);
    const results = await Promise.all(Array.from({ length: 40 }, () => upload(file, { token: racer.token, on })));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(37);
    const refused = results.find((result) => result.status === 429)!;
    expect(refused.body.errors.image[0]).toMatch(/^you have uploaded 3 images in the last hour, the most allowed: try again in \d+ seconds$/);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(3500);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(3600);
    expect((await pool.query("select count(*)::int as n from images where owner_id = $1", [racer.id])).rows[0].n).toBe(3);
    // another account is not held back by this one
    expect((await upload(file, { token: (await account("other")).token, on })).status).toBe(201);
  });

  it("keeps an account within UPLOAD_QUOTA_BYTES (507), counts every rendition, and gives the bytes back on delete", async () => {
    const on = await limitedService({ UPLOAD_QUOTA_BYTES: "60000" });
    const hoarder = await account("hoarder");
    const file = await noisyJpeg(160, 120, 40);
    const created: string[] = [];
    let refused: Awaited<ReturnType<typeof upload>> | undefined;
    for (let attempt = 0; attempt < 20 && !refused; attempt++) {
      const result = await upload(file, { token: hoarder.token, on });
      if (result.status === 201) created.push(result.body.image.id);
      else refused = result;
    }
    expect(created.length).toBeGreaterThan(0);
    expect(refused?.status).toBe(507);
    expect(refused?.body.errors.image[0]).toMatch(/^would take your images to [\d.]+ MiB, over your quota of 0\.1 MiB: delete some \(DELETE \/api\/images\/:id\) and try again$/);
    const { bytes, stored } = await usage(hoarder.id);
    expect(Number(bytes)).toBeLessThanOrEqual(60000);
    expect(bytes).toBe(stored);

    const removed = await on.app.inject({ method: "DELETE", url: `/api/images/${created[0]}`, headers: { authorization: `Token ${hoarder.token}` } });
    expect(removed.statusCode).toBe(204);
    expect(Number((await usage(hoarder.id)).bytes)).toBeLessThan(Number(bytes));
    expect((await upload(file, { token: hoarder.token, on })).status).toBe(201);
  });

  it("stops every account at STORAGE_LIMIT_BYTES, all images together (507)", async () => {
    const total = Number((await pool.query<{ total: string }>("select coalesce(sum(bytes), 0)::text as total from image_usage")).rows[0]!.total);
    const on = await limitedService({ STORAGE_LIMIT_BYTES: String(total + 1000) });
    const { status, body } = await upload(await picture("jpeg", 800, 600), { token: (await account("newcomer")).token, on });
    expect(status).toBe(507);
    expect(body).toEqual({ errors: { image: ["the platform's image storage is full: try again later"] } });
  });
});

describe("deleting", () => {
  const remove = async (id: string, bearer: string | null = token) =>
    service.app.inject({ method: "DELETE", url: `/api/images/${id}`, headers: bearer ? { authorization: `Token ${bearer}` } : {} });

  it("deletes an image of the caller's with its files (204), and refuses anyone else's (403), without a token (401), or an unknown id (404)", async () => {
    const { id, url } = (await upload(await picture("png", 50, 50))).body.image as { id: string; url: string };
    expect((await remove(id, null)).statusCode).toBe(401);
    const someoneElse = await remove(id, (await account("jane")).token);
    expect(someoneElse.statusCode).toBe(403);
    expect(JSON.parse(someoneElse.body)).toEqual({ errors: { image: ["only its owner can delete this image"] } });
    expect((await get(url)).status).toBe(200);

    expect((await remove(id)).statusCode).toBe(204);
    expect((await get(url)).status).toBe(404);
    expect((await pool.query("select count(*)::int as n from image_files where image_id = $1", [id])).rows[0].n).toBe(0);
    for (const unknown of [id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) expect((await remove(unknown)).statusCode, unknown).toBe(404);
  });
});

describe("load and metrics", () => {
  it("processes at most PROCESSING_CONCURRENCY uploads, queues PROCESSING_QUEUE_LIMIT more, and refuses the rest with a 503", async () => {
    // the real processor behind a gate the test opens: until then, the upload in processing stays there
    const processor = createProcessor(config.MAX_INPUT_PIXELS);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let calls = 0;
    const processImage = async (input: Buffer) => {
      calls++;
      await gate;
      return processor(input);
    };
    const narrow = await createImagesService({ ...config, PROCESSING_CONCURRENCY: 1, PROCESSING_QUEUE_LIMIT: 1 }, { logStream: discard(), processImage });
    try {
      const photo = await picture("jpeg", 64, 64);
      const busy = {
        status: 503,
        headers: expect.objectContaining({ "retry-after": "5" }),
        body: { errors: { image: ["too many uploads are being processed: try again in a few seconds"] } },
      };
      const answered: Array<Awaited<ReturnType<typeof upload>>> = [];
      const uploads = [1, 2, 3, 4].map(() => upload(photo, { on: narrow.service }).then((result) => (answered.push(result), result)));
      // until two are answered, or a second upload reaches the processor (which the limit forbids)
      while (answered.length < 2 && calls < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls, "one upload is processed, held by the gate; one waits in the queue").toBe(1);
      expect(answered, "the other two are refused while the gate holds").toEqual([busy, busy]);
      openGate();
      expect((await Promise.all(uploads)).map((r) => r.status).sort()).toEqual([201, 201, 503, 503]);
      expect((await upload(photo, { on: narrow.service })).status, "the slots are free again").toBe(201);
      expect(calls, "the refused uploads never reached the processor").toBe(3);
    } finally {
      openGate();
      await narrow.service.app.close();
      await narrow.close();
    }
  });

  it("counts uploads by result and times their processing by format", async () => {
    const results = ["created", "unsupported", "corrupt", "too_many_pixels", "too_large", "missing", "malformed", "busy", "failed"];
    const formats = ["jpeg", "png", "webp", "avif"];
    const read = async () => {
      const metrics = samples((await service.metricsServer.inject({ url: config.METRICS_PATH })).body);
      const counts = (name: string, label: string, values: string[]) => Object.fromEntries(values.map((value) => [value, metrics.get(`${name}{${label}="${value}"}`) ?? 0]));
      return { uploads: counts("image_uploads_total", "result", results), processed: counts("image_processing_seconds_count", "format", formats) };
    };
    const increase = (after: Record<string, number>, before: Record<string, number>) => Object.fromEntries(Object.keys(after).map((key) => [key, after[key]! - before[key]!]));

    const before = await read();
    const answers = [
      await upload(await picture("jpeg", 64, 64)),
      await upload(Buffer.from("just some text, not an image\n")),
      await upload(png(64, 64, NOT_DEFLATE)),
      await upload(png(20_000, 20_000, NOT_DEFLATE)),
      await upload(Buffer.alloc(MAX_UPLOAD_BYTES + 1, 1)),
      await upload(undefined, { fields: { title: "no file here" } }),
      await send({ authorization: `Token ${token}`, "content-type": "multipart/form-data; boundary=xyz" }, "--xyz\r\nContent-Disposition: form-data; name="),
      // no uploads: a 401 is refused before, and the 415 for image/png is fastify's, before the handler
      await upload(await picture("png", 10, 10), { token: null }),
      await send({ authorization: `Token ${token}`, "content-type": "image/png" }, await picture("png", 10, 10)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([201, 422, 422, 422, 413, 422, 400, 401, 415]);
    const after = await read();
    expect(increase(after.uploads, before.uploads)).toEqual({ created: 1, unsupported: 1, corrupt: 1, too_many_pixels: 1, too_large: 1, missing: 1, malformed: 1, busy: 0, failed: 0 });
    // only the accepted upload is timed, under its format
    expect(increase(after.processed, before.processed)).toEqual({ jpeg: 1, png: 0, webp: 0, avif: 0 });
  });
});

describe("outages", () => {
  it("reports Postgres down on /ready, answers 503 with a clear body naming what is down, and recovers by itself", async () => {
    const stored = (await upload(await picture("webp", 64, 64))).body.image;
    const unavailable = { errors: { database: ["database is unavailable, try again shortly"] } };
    postgres.stop();
    try {
      expect((await get("/ready")).status).toBe(503);
      expect((await get("/health")).status).toBe(200);
      // the token check comes first, and auth keeps its users in the same Postgres
      expect(await upload(await picture("webp", 64, 64))).toMatchObject({ status: 503, body: { errors: { auth: [expect.stringContaining("auth is unavailable")] } } });
      const read = await get(stored.url);
      expect(read.status).toBe(503);
      expect(read.json()).toEqual(unavailable);
    } finally {
      postgres.start();
    }
    expect((await get("/ready")).status).toBe(200);
    expect((await get(stored.url)).status).toBe(200);
    expect((await upload(await picture("webp", 64, 64))).status).toBe(201);
  });
});
