// The artifact the container runs: images bundled by services/build.ts, started as a real process
// with only environment variables, as the chart starts it. sharp is not in the bundle (native
// binaries): build.ts copies it and its dependencies into node_modules beside the bundle, as the
// Dockerfile ships it, and the temporary directory has no other node_modules above it, so the test
// proves that copy is enough.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { startPostgres, type TestPostgres } from "../../../test/support/postgres.ts";
import { startRedis, type TestRedis } from "../../../test/support/redis.ts";
import { startAuth, type RunningService } from "../../../test/support/services.ts";
import { signUp } from "../../../test/support/api.ts";
import { serviceEnv, writeKeyPair } from "../../../test/support/service-env.ts";
import { buildBundle, startBundle } from "../../../test/support/bundles.ts";

let dir: string;
let bundle: string;
let postgres: TestPostgres;
let redis: TestRedis;
let auth: RunningService;
let keys: { privateKey: string; publicKey: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "images-bundle-"));
  [postgres, redis, bundle] = await Promise.all([startPostgres(), startRedis(), buildBundle("images", dir)]);
  keys = writeKeyPair(join(dir, "keys"));
  // images asks auth whether an uploader's token still holds
  auth = await startAuth({ postgres, redis, keys });
});
afterAll(async () => {
  await auth?.stop();
  await redis?.stop();
  postgres?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("the bundled images service", () => {
  it("imports sharp from the node_modules build.ts wrote beside it", () => {
    expect(createRequire(bundle).resolve("sharp")).toBe(join(dir, "node_modules/sharp/dist/index.cjs"));
  });

  it("stops at start-up naming each missing variable, without a stack trace", async () => {
    const result = await execa(process.execPath, [bundle], { env: { SERVICE_NAME: "images" }, extendEnv: false, reject: false, cwd: dir });
    expect(result.exitCode).toBe(1);
    const line = JSON.parse(result.stderr.trim());
    expect(line).toMatchObject({ level: "fatal", service: "images" });
    expect(line.message).toContain("DATABASE_HOST is required but not set");
    expect(line.message).toContain("AUTH_URL is required but not set");
    expect(line.message).toContain("JWT_PUBLIC_KEY_FILE is required but not set");
    expect(line.stack).toBeUndefined();
  });

  it("takes an upload over HTTP, serves its variants, and exits 0 after SIGTERM", async () => {
    const { url, metricsUrl, child } = await startBundle(bundle, { ...serviceEnv("images", postgres, undefined, keys), AUTH_URL: auth.url, DRAIN_DELAY_SECONDS: "0.2" });
    try {
      const token = await signUp(auth.url, "bundled");
      const form = new FormData();
      form.append("image", new Blob([await sharp({ create: { width: 640, height: 480, channels: 3, background: "teal" } }).jpeg().toBuffer()], { type: "image/jpeg" }), "teal.jpg");
      const uploaded = await fetch(`${url}/api/images`, { method: "POST", headers: { authorization: `Token ${token}`, "x-request-id": "bundle-upload-1" }, body: form });
      expect(uploaded.status).toBe(201);
      const { image } = (await uploaded.json()) as { image: { url: string; width: number; variants: Record<string, string> } };
      expect(image.width).toBe(640);
      const thumb = await fetch(`${url}${image.variants.thumb}`);
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get("content-type")).toBe("image/webp");
      expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 128, height: 128 });
      expect(await (await fetch(`${metricsUrl}/metrics`)).text()).toContain('image_uploads_total{result="created"} 1');
    } finally {
      child.kill("SIGTERM");
    }
    const result = await child;
    expect(result.exitCode).toBe(0);
    const lines = String(result.stdout).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.find((l) => l.requestId === "bundle-upload-1")).toMatchObject({ level: "info", service: "images", status: 201 });
    expect(lines.at(-1)).toMatchObject({ message: "stopped" });
  });
});
