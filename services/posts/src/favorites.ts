// Favoriting an article, and taking it back; both answer with the article as the viewer now sees it.
import type { FastifyInstance } from "fastify";
import { requireUser } from "@blog-platform/runtime";
import { notFound, type Dependencies } from "./routes.ts";

export function registerFavoriteRoutes(app: FastifyInstance, { store, present, authenticate, pages }: Pick<Dependencies, "store" | "present" | "authenticate" | "pages">): void {
  for (const [method, favorite] of [["POST", true], ["DELETE", false]] as const) {
    app.route<{ Params: { slug: string } }>({
      method,
      url: "/api/articles/:slug/favorite",
      handler: async (request) => {
        const viewer = requireUser(await authenticate(request));
        const row = await store.setFavorite(request.params.slug, viewer.id, favorite);
        if (!row) throw notFound(request.params.slug);
        await pages.invalidate(); // favoritesCount shows on public pages
        return present.one(row, viewer, request.id);
      },
    });
  }
}
