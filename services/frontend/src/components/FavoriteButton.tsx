import { useNavigate } from "react-router";
import { setFavorite } from "../api/endpoints";
import type { Article, ArticleSummary } from "../api/types";
import { useAction } from "../hooks";
import { useSession } from "../session";
import { ErrorList } from "./ErrorList";
import { HeartIcon } from "./Icons";

interface Props {
  article: ArticleSummary;
  onChange(article: Article): void;
  /** "article" on the article page ("Favorite article (3)"); "preview" in lists ("Favorite <title>") */
  variant: "article" | "preview";
}

/** Favorites or unfavorites an article; signed-out users are sent to sign in. */
export function FavoriteButton({ article, onChange, variant }: Props) {
  const { user } = useSession();
  const navigate = useNavigate();
  const { pending, errors, run } = useAction();
  const verb = article.favorited ? "Unfavorite" : "Favorite";
  const label = variant === "article" ? `${verb} article` : `${verb} ${article.title}`;

  function toggle() {
    if (!user) {
      navigate("/login");
      return;
    }
    void run(async () => onChange(await setFavorite(article.slug, !article.favorited)));
  }

  return (
    <div className="action">
      <button
        type="button"
        className={`button button-small ${article.favorited ? "button-primary" : "button-outline"}`}
        onClick={toggle}
        disabled={pending}
      >
        <HeartIcon />
        {variant === "article" ? (
          <>
            {" "}
            {label} <span className="count">({article.favoritesCount})</span>
          </>
        ) : (
          <>
            <span className="visually-hidden">{label} (</span>
            {article.favoritesCount}
            <span className="visually-hidden">)</span>
          </>
        )}
      </button>
      <ErrorList errors={errors} />
    </div>
  );
}
