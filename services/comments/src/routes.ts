// The RealWorld comment endpoints (shared/realworld/openapi.yml): list, add and delete the comments
// of an article. The article must exist in posts (404 otherwise). A comment may be deleted by its
// author or by the article's author, who moderates the discussion under their article. An anonymous
// reader's list comes from the page cache, in the article's own scope: a comment added or deleted
// drops that article's list; a changed profile or article (posts, auth) drops every page.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError, requireUser, sendPage, UNKNOWN_PROFILE, type ArticleDirectory, type Caller, type PageCache, type Profile, type ProfileDirectory } from "@blog-platform/runtime";
import type { CommentRow, Store } from "./store.ts";

export interface Dependencies {
  store: Store;
  articles: ArticleDirectory;
  profiles: ProfileDirectory;
  pages: PageCache;
  authenticate: (request: FastifyRequest) => Promise<Caller | undefined>;
}

const shape = (row: CommentRow, author: Profile | undefined) => ({
  id: Number(row.id),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  body: row.body,
  author: author ?? UNKNOWN_PROFILE,
});

export function registerRoutes(app: FastifyInstance, { store, articles, profiles, pages, authenticate }: Dependencies): void {
  const articleOf = async (request: FastifyRequest<{ Params: { slug: string } }>) => {
    const article = await articles.article(request.params.slug, { requestId: request.id });
    if (!article) throw new HttpError(404, { article: [`no article with slug ${request.params.slug}`] });
    return article;
  };
  const authors = (rows: CommentRow[], viewer: Caller | undefined, requestId: string) =>
    profiles.profiles(rows.map((row) => row.author_id), { ...(viewer ? { viewer } : {}), requestId });

  app.get<{ Params: { slug: string } }>("/api/articles/:slug/comments", async (request, reply) => {
    const viewer = await authenticate(request);
    const list = async () => {
      const article = await articleOf(request);
      const rows = await store.list(article.id);
      const found = await authors(rows, viewer, request.id);
      return { comments: rows.map((row) => shape(row, found.get(row.author_id))) };
    };
    if (viewer) return list();
    const { slug } = request.params;
    return sendPage(reply, await pages.json(`comments:${slug}`, list, slug));
  });

  app.post<{ Params: { slug: string }; Body: { comment: { body: string } } }>(
    "/api/articles/:slug/comments",
    {
      schema: {
        body: { type: "object", required: ["comment"], properties: { comment: { type: "object", required: ["body"], properties: { body: { type: "string", minLength: 1, maxLength: 20_000 } } } } },
      },
    },
    async (request) => {
      const viewer = requireUser(await authenticate(request));
      const body = request.body.comment.body.trim();
      if (!body) throw new HttpError(422, { body: ["can't be blank"] });
      const article = await articleOf(request);
      // the author is the viewer: their profile is looked up while the row is written
      // the list is dropped once the row is in, whether or not the profile lookup beside it succeeds
      const added = store.add(article.id, viewer.id, body).then(async (row) => {
        await pages.invalidate(request.params.slug);
        return row;
      });
      const [row, found] = await Promise.all([added, profiles.profiles([viewer.id], { viewer, requestId: request.id })]);
      // openapi.yml answers 200 here (not 201)
      return { comment: shape(row, found.get(viewer.id)) };
    },
  );

  app.delete<{ Params: { slug: string; id: string } }>(
    "/api/articles/:slug/comments/:id",
    { schema: { params: { type: "object", properties: { slug: { type: "string" }, id: { type: "string", pattern: "^[1-9][0-9]{0,17}$" } } } } },
    async (request, reply) => {
      const viewer = requireUser(await authenticate(request));
      const article = await articleOf(request);
      const row = await store.comment(article.id, request.params.id);
      if (!row) throw new HttpError(404, { comment: [`no comment ${request.params.id} on this article`] });
      if (row.author_id !== viewer.id && article.authorId !== viewer.id) {
        throw new HttpError(403, { comment: ["only its author or the article's author can delete this comment"] });
      }
      await store.remove(row.id);
      await pages.invalidate(request.params.slug);
      return reply.code(204).send();
    },
  );
}
