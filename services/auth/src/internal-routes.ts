// Endpoints for the other services, never routed by the gateway (it sends only /api/* to auth) and
// reachable only from posts and comments (the chart's NetworkPolicy): author profiles in one batch,
// a username's id, and whom a user follows (the feed).
import type { FastifyInstance } from "fastify";
import { HttpError, PROFILE_BATCH_LIMIT, requireUser } from "@blog-platform/runtime";
import type { Dependencies } from "./routes.ts";

export function registerInternalRoutes(app: FastifyInstance, { store, authenticate }: Pick<Dependencies, "store" | "authenticate">): void {
  app.get<{ Querystring: { ids: string } }>(
    "/internal/profiles",
    { schema: { querystring: { type: "object", required: ["ids"], properties: { ids: { type: "string", pattern: `^[0-9]+(,[0-9]+){0,${PROFILE_BATCH_LIMIT - 1}}$` } } } } },
    async (request) => {
      const viewer = await authenticate(request);
      const ids = [...new Set(request.query.ids.split(","))];
      const [rows, followed] = await Promise.all([store.usersByIds(ids), viewer ? store.followedAmong(viewer.id, ids) : Promise.resolve(new Set<string>())]);
      return { profiles: rows.map((row) => ({ id: row.id, username: row.username, bio: row.bio, image: row.image, following: followed.has(row.id), tokenVersion: row.token_version })) };
    },
  );

  app.get<{ Params: { username: string } }>("/internal/users/:username", async (request) => {
    const row = await store.userByUsername(request.params.username);
    if (!row) throw new HttpError(404, { user: [`no user named ${request.params.username}`] });
    return { user: { id: row.id, username: row.username } };
  });

  app.get("/internal/following", async (request) => {
    const viewer = requireUser(await authenticate(request));
    return { ids: await store.followeeIds(viewer.id) };
  });
}
