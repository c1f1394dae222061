// Articles as the RealWorld API returns them, with their authors' profiles from auth (one batch per
// response). `image` (the cover, an /api/images URL) is our addition; RealWorld clients ignore it.
import { UNKNOWN_PROFILE, type Caller, type Profile, type ProfileDirectory } from "@blog-platform/runtime";
import type { ArticleRow } from "./store.ts";

function shape(row: ArticleRow, author: Profile | undefined) {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(row.body === undefined ? {} : { body: row.body }),
    image: row.image,
    // alphabetical, as the RealWorld reference implementation returns them, whatever order they came in
    tagList: [...row.tag_list].sort(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    favorited: row.favorited,
    favoritesCount: row.favorites_count,
    author: author ?? UNKNOWN_PROFILE,
  };
}

export type ArticleBody = ReturnType<typeof shape>;

export function createPresenter(directory: ProfileDirectory) {
  const authors = (rows: readonly ArticleRow[], viewer: Caller | undefined, requestId: string) =>
    directory.profiles(rows.map((row) => row.author_id), { ...(viewer ? { viewer } : {}), requestId });
  return {
    async one(row: ArticleRow, viewer: Caller | undefined, requestId: string) {
      const profiles = await authors([row], viewer, requestId);
      return { article: shape(row, profiles.get(row.author_id)) };
    },
    async many(rows: readonly ArticleRow[], count: number, viewer: Caller | undefined, requestId: string) {
      const profiles = await authors(rows, viewer, requestId);
      return { articles: rows.map((row) => shape(row, profiles.get(row.author_id))), articlesCount: count };
    },
    /** The feed: every author in it is one the viewer follows, so the profiles come from the cache. */
    async feed(rows: readonly ArticleRow[], count: number, requestId: string) {
      const profiles = await authors(rows, undefined, requestId);
      return { articles: rows.map((row) => shape(row, { ...(profiles.get(row.author_id) ?? UNKNOWN_PROFILE), following: true })), articlesCount: count };
    },
  };
}

export type Presenter = ReturnType<typeof createPresenter>;
