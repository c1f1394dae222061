// Services started in the test process, each listening on a loopback port for the services that
// call it, built from the same environment the chart gives them, logs discarded.
import { Writable } from "node:stream";
import type { Service } from "@blog-platform/runtime";
import { createAuthService } from "../../services/auth/src/app.ts";
import { authConfig } from "../../services/auth/src/config.ts";
import { createPostsService } from "../../services/posts/src/app.ts";
import { postsConfig } from "../../services/posts/src/config.ts";
import { createCommentsService } from "../../services/comments/src/app.ts";
import { commentsConfig } from "../../services/comments/src/config.ts";
import { createImagesService } from "../../services/images/src/app.ts";
import { imagesConfig } from "../../services/images/src/config.ts";
import type { TestPostgres } from "./postgres.ts";
import type { TestRedis } from "./redis.ts";
import { serviceEnv } from "./service-env.ts";

export interface RunningService {
  service: Service;
  /** http://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

export const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

export interface Backing {
  postgres: TestPostgres;
  redis: TestRedis;
  keys: { privateKey: string; publicKey: string };
}

/** Listens on `port`, a free one by default; a test that restarts a service passes its old port. */
const listen = (port = 0) => async ({ service, close }: { service: Service; close(): Promise<void> }): Promise<RunningService> => {
  const url = await service.app.listen({ host: "127.0.0.1", port });
  return {
    service,
    url,
    async stop() {
      await service.app.close();
      await close();
    },
  };
};

export const startAuth = ({ postgres, redis, keys }: Backing, env: Record<string, string> = {}) =>
  createAuthService(authConfig({ ...serviceEnv("auth", postgres, redis, keys), LOG_LEVEL: "warn", ...env }), { logStream: discard() }).then(listen());

export const startPosts = ({ postgres, redis, keys }: Backing, authUrl: string, env: Record<string, string> = {}, port?: number) =>
  createPostsService(postsConfig({ ...serviceEnv("posts", postgres, redis, keys), AUTH_URL: authUrl, LOG_LEVEL: "warn", ...env }), { logStream: discard() }).then(listen(port));

export const startComments = ({ postgres, redis, keys }: Backing, urls: { auth: string; posts: string }, env: Record<string, string> = {}) =>
  createCommentsService(
    commentsConfig({ ...serviceEnv("comments", postgres, redis, keys), AUTH_URL: urls.auth, POSTS_URL: urls.posts, LOG_LEVEL: "warn", ...env }),
    { logStream: discard() },
  ).then(listen());

export const startImages = ({ postgres, keys }: Backing, authUrl: string, env: Record<string, string> = {}, port?: number) =>
  createImagesService(imagesConfig({ ...serviceEnv("images", postgres, undefined, keys), AUTH_URL: authUrl, LOG_LEVEL: "warn", ...env }), { logStream: discard() }).then(listen(port));
