// The RealWorld article endpoints (shared/realworld/openapi.yml): list with tag/author/favorited
// filters, the feed, read, create, update and delete. Only an article's author may change it (403).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError, imageUrlSchema, requireUser, sendPage, type Caller, type PageCache, type ProfileDirectory } from "@blog-platform/runtime";
import type { Presenter } from "./present.ts";
import { slugFor } from "./slug.ts";
import type { ArticleChanges, Store } from "./store.ts";

export interface Dependencies {
  store: Store;
  present: Presenter;
  directory: ProfileDirectory;
  authenticate: (request: FastifyRequest) => Promise<Caller | undefined>;
  /** Whole responses for anonymous readers; invalidated by every change to articles. */
  pages: PageCache;
  /** Called after an article is deleted, for comments' cached knowledge of it. */
  forgetArticle: (slug: string) => Promise<void>;
}

export const MAX_PAGE = 100;
const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength });
const tagList = { type: "array", maxItems: 20, items: { type: "string", minLength: 1, maxLength: 40, pattern: "^[^,]+$" } };
const page = {
  limit: { type: "string", pattern: "^[0-9]{1,4}$" },
  offset: { type: "string", pattern: "^[0-9]{1,9}$" },
};

interface ArticleInput {
  title?: string;
  description?: string;
  body?: string;
  tagList?: string[];
  image?: string | null;
}

function paging(query: { limit?: string; offset?: string }) {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (limit < 1 || limit > MAX_PAGE) throw new HttpError(422, { limit: [`must be between 1 and ${MAX_PAGE}`] });
  return { limit, offset: query.offset === undefined ? 0 : Number(query.offset) };
}

/** Trims the text fields (whitespace alone is blank), and keeps each tag once, in the order given. */
function cleaned(input: ArticleInput): ArticleChanges {
  const changes: ArticleChanges = {};
  const errors: Record<string, string[]> = {};
  for (const field of ["title", "description", "body"] as const) {
    const value = input[field]?.trim();
    if (value === "") errors[field] = ["can't be blank"];
    else if (value !== undefined) changes[field] = value;
  }
  if (Object.keys(errors).length) throw new HttpError(422, errors);
  if (input.tagList !== undefined) changes.tagList = [...new Set(input.tagList.map((tag) => tag.trim()).filter(Boolean))];
  if (input.image !== undefined) changes.image = input.image ?? "";
  return changes;
}

export const notFound = (slug: string) => new HttpError(404, { article: [`no article with slug ${slug}`] });
const notYours = new HttpError(403, { article: ["only its author can change this article"] });

export function registerRoutes(app: FastifyInstance, { store, present, directory, authenticate, pages, forgetArticle }: Dependencies): void {
  app.get<{ Querystring: { tag?: string; author?: string; favorited?: string; limit?: string; offset?: string } }>(
    "/api/articles",
    { schema: { querystring: { type: "object", properties: { tag: text(40), author: text(40), favorited: text(40), ...page } } } },
    async (request, reply) => {
      const viewer = await authenticate(request);
      const { limit, offset } = paging(request.query);
      const { tag, author, favorited } = request.query;
      const list = async () => {
        const options = { requestId: request.id };
        // a filter naming a user nobody has matches nothing
        const [authorId, favoritedBy] = await Promise.all([
          author === undefined ? undefined : directory.userId(author, options).then((id) => id ?? null),
          favorited === undefined ? undefined : directory.userId(favorited, options).then((id) => id ?? null),
        ]);
        if (authorId === null || favoritedBy === null) return { articles: [], articlesCount: 0 };
        const { rows, count } = await store.list(
          { ...(tag === undefined ? {} : { tag }), ...(authorId === undefined ? {} : { authorId }), ...(favoritedBy === undefined ? {} : { favoritedBy }) },
          viewer?.id ?? null,
          limit,
          offset,
        );
        return present.many(rows, count, viewer, request.id);
      };
      if (viewer) return list();
      // keyed by the parameters as understood, so `?limit=20&x=1` and `?limit=20` share a page
      return sendPage(reply, await pages.json(`articles:${JSON.stringify([tag, author?.toLowerCase(), favorited?.toLowerCase(), limit, offset])}`, list));
    },
  );

  app.get<{ Querystring: { limit?: string; offset?: string } }>(
    "/api/articles/feed",
    { schema: { querystring: { type: "object", properties: page } } },
    async (request) => {
      const viewer = requireUser(await authenticate(request));
      const { limit, offset } = paging(request.query);
      const authorIds = await directory.followeeIds(viewer, { requestId: request.id });
      if (!authorIds.length) return { articles: [], articlesCount: 0 };
      const { rows, count } = await store.list({ authorIds }, viewer.id, limit, offset);
      return present.feed(rows, count, request.id);
    },
  );

  app.get<{ Params: { slug: string } }>("/api/articles/:slug", async (request, reply) => {
    const viewer = await authenticate(request);
    const article = async () => {
      const row = await store.article(request.params.slug, viewer?.id ?? null);
      if (!row) throw notFound(request.params.slug);
      return present.one(row, viewer, request.id);
    };
    return viewer ? article() : sendPage(reply, await pages.json(`article:${request.params.slug}`, article));
  });

  app.post<{ Body: { article: ArticleInput } }>(
    "/api/articles",
    {
      schema: {
        body: {
          type: "object",
          required: ["article"],
          properties: {
            article: { type: "object", required: ["title", "description", "body"], properties: { title: text(300), description: text(1000), body: text(200_000), tagList, image: imageUrlSchema } },
          },
        },
      },
    },
    async (request, reply) => {
      const viewer = requireUser(await authenticate(request));
      const input = cleaned(request.body.article);
      const row = await store.create({
        slug: slugFor(input.title!),
        title: input.title!,
        description: input.description!,
        body: input.body!,
        image: input.image ?? "",
        tagList: input.tagList ?? [],
        authorId: viewer.id,
      });
      await pages.invalidate();
      return reply.code(201).send(await present.one(row, viewer, request.id));
    },
  );

  app.put<{ Params: { slug: string }; Body: { article: ArticleInput } }>(
    "/api/articles/:slug",
    {
      schema: {
        body: {
          type: "object",
          required: ["article"],
          properties: { article: { type: "object", properties: { title: text(300), description: text(1000), body: text(200_000), tagList, image: imageUrlSchema } } },
        },
      },
    },
    async (request) => {
      const viewer = requireUser(await authenticate(request));
      const result = await store.update(request.params.slug, viewer.id, cleaned(request.body.article));
      if (!result.found) throw notFound(request.params.slug);
      if (!result.allowed) throw notYours;
      await pages.invalidate();
      return present.one(result.article, viewer, request.id);
    },
  );

  app.delete<{ Params: { slug: string } }>("/api/articles/:slug", async (request, reply) => {
    const viewer = requireUser(await authenticate(request));
    const result = await store.remove(request.params.slug, viewer.id);
    if (result === "missing") throw notFound(request.params.slug);
    if (result === "forbidden") throw notYours;
    // the article's entry first: a comments reader between the two would otherwise find it still
    // there under the new pages version and cache the deleted article's list
    await forgetArticle(request.params.slug);
    await pages.invalidate();
    return reply.code(204).send();
  });
}
