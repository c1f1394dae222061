import { feedArticles, listArticles } from "../api/endpoints";
import type { ArticleFilter } from "../api/types";
import { useLoad } from "../hooks";
import { ArticlePreview } from "./ArticlePreview";
import { ErrorList } from "./ErrorList";
import { Loading } from "./Loading";
import { PAGE_SIZE, Pagination, useCurrentPage } from "./Pagination";

/** A page of articles (the page number comes from the URL): "feed" is the followed authors' feed. */
export function ArticleList({ source }: { source: ArticleFilter | "feed" }) {
  const page = useCurrentPage();
  const request = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const { data, errors, loading, update } = useLoad(
    () => (source === "feed" ? feedArticles(request) : listArticles(source, request)),
    [JSON.stringify(source), page],
  );

  if (loading) return <Loading>Loading articles…</Loading>;
  if (!data) return <ErrorList errors={errors} />;
  if (data.articles.length === 0) return <p className="empty">No articles are here... yet.</p>;
  return (
    <>
      {data.articles.map((article) => (
        <ArticlePreview
          key={article.slug}
          article={article}
          onChange={(changed) => update((list) => ({ ...list, articles: list.articles.map((a) => (a.slug === changed.slug ? changed : a)) }))}
        />
      ))}
      <Pagination count={data.articlesCount} />
    </>
  );
}
