import { lazy, Suspense } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { deleteArticle, getArticle } from "../api/endpoints";
import type { Article } from "../api/types";
import { AuthorMeta } from "../components/AuthorMeta";
import { Comments } from "../components/Comments";
import { CoverImage } from "../components/CoverImage";
import { ErrorList } from "../components/ErrorList";
import { FavoriteButton } from "../components/FavoriteButton";
import { FollowButton } from "../components/FollowButton";
import { Loading } from "../components/Loading";
import { TagList } from "../components/TagList";
import { useAction, useDocumentTitle, useLoad } from "../hooks";
import { editorPath } from "../paths";
import { useSession } from "../session";
import { NotFoundPage } from "./NotFoundPage";

// the markdown renderer is most of the bundle's weight and only this page needs it
const Markdown = lazy(() => import("../components/Markdown"));

export function ArticlePage() {
  const { slug = "" } = useParams();
  const { data: article, errors, status, loading, update } = useLoad(() => getArticle(slug), [slug]);
  useDocumentTitle(article?.title ?? "Article");

  if (loading) return <Loading>Loading the article…</Loading>;
  if (!article) {
    if (status === 404) return <NotFoundPage what="article" />;
    return (
      <div className="container page">
        <h1>The article could not be loaded</h1>
        <ErrorList errors={errors} />
      </div>
    );
  }

  return (
    <article className="article-page">
      <div className="banner article-banner">
        <div className="container">
          <h1>{article.title}</h1>
          <AuthorMeta author={article.author} date={article.createdAt}>
            <ArticleActions article={article} onChange={(changed) => update(() => changed)} />
          </AuthorMeta>
        </div>
      </div>
      <div className="container page article-content">
        {article.image && <CoverImage url={article.image} sizes="(min-width: 1000px) 960px, 100vw" className="article-cover" />}
        <Suspense fallback={<Loading>Loading the article text…</Loading>}>
          <Markdown>{article.body}</Markdown>
        </Suspense>
        <TagList tags={article.tagList} linked />
        <hr />
        <Comments slug={article.slug} articleAuthor={article.author.username} />
      </div>
    </article>
  );
}

/** Follow (others' articles), favorite, and edit and delete for the article's author. */
function ArticleActions({ article, onChange }: { article: Article; onChange(article: Article): void }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const { pending, errors, run } = useAction();

  async function remove() {
    await deleteArticle(article.slug);
    navigate("/");
  }

  return (
    <div className="article-actions">
      <FollowButton profile={article.author} onChange={(author) => onChange({ ...article, author })} />
      <FavoriteButton article={article} onChange={onChange} variant="article" />
      {user?.username === article.author.username && (
        <>
          <Link to={editorPath(article.slug)} className="button button-small button-outline-secondary">
            Edit article
          </Link>
          <button type="button" className="button button-small button-outline-danger" disabled={pending} onClick={() => void run(remove)}>
            Delete article
          </button>
        </>
      )}
      <ErrorList errors={errors} />
    </div>
  );
}
