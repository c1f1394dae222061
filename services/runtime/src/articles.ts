// What comments knows of an article: posts owns articles, comments asks it over HTTP whether one
// exists and what its id is, and keeps the answer in Redis (a slug never changes). Posts forgets the
// entry when the article is deleted (forgetArticle), so comments stops accepting comments on it at once.
import type { Redis } from "ioredis";
import type { ServiceClient } from "./http-client.ts";
import type { redisFallback } from "./redis.ts";

export interface ArticleReference {
  id: string;
  slug: string;
  authorId: string;
}

export interface ArticleDirectory {
  /** The article, or undefined when posts has none with this slug. */
  article(slug: string, options?: { requestId?: string }): Promise<ArticleReference | undefined>;
}

const articleKey = (slug: string) => `article:${slug}`;

export async function forgetArticle(redis: Redis, slug: string): Promise<void> {
  await redis.del(articleKey(slug));
}

export function createArticleDirectory(posts: ServiceClient, redis: Redis, fallback: ReturnType<typeof redisFallback>, ttlSeconds = 300): ArticleDirectory {
  return {
    async article(slug, { requestId } = {}) {
      const cached = await fallback("read article", () => redis.get(articleKey(slug)), () => null);
      if (cached) return JSON.parse(cached) as ArticleReference;
      const response = await posts.request(`/internal/articles/${encodeURIComponent(slug)}`, requestId ? { requestId } : {});
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`posts answered ${response.status} to an article lookup`);
      const { article } = (await response.json()) as { article: ArticleReference };
      await fallback("cache article", () => redis.set(articleKey(slug), JSON.stringify(article), "EX", ttlSeconds), () => undefined);
      return article;
    },
  };
}
