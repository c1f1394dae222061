import { Link } from "react-router";
import type { Article, ArticleSummary } from "../api/types";
import { articlePath } from "../paths";
import { AuthorMeta } from "./AuthorMeta";
import { CoverImage } from "./CoverImage";
import { FavoriteButton } from "./FavoriteButton";
import { TagList } from "./TagList";

/** One article in a list: byline, favorite toggle, cover, title (the link to it), description, tags. */
export function ArticlePreview({ article, onChange }: { article: ArticleSummary; onChange(article: Article): void }) {
  return (
    <article className="article-preview">
      <AuthorMeta author={article.author} date={article.createdAt}>
        <FavoriteButton article={article} onChange={onChange} variant="preview" />
      </AuthorMeta>
      {article.image && <CoverImage url={article.image} sizes="(min-width: 1000px) 720px, 100vw" className="preview-cover" lazy />}
      <h2 className="preview-title">
        <Link to={articlePath(article.slug)}>{article.title}</Link>
      </h2>
      <p className="preview-description">{article.description}</p>
      <TagList tags={article.tagList} />
    </article>
  );
}
