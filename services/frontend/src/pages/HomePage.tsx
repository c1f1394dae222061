import { useSearchParams } from "react-router";
import { getTags } from "../api/endpoints";
import { ArticleList } from "../components/ArticleList";
import { ErrorList } from "../components/ErrorList";
import { Loading } from "../components/Loading";
import { TagList } from "../components/TagList";
import { Tabs, type Tab } from "../components/Tabs";
import { useDocumentTitle, useLoad } from "../hooks";
import { tagPath } from "../paths";
import { useSession } from "../session";

// The feed is chosen by the query: /?feed=following (signed in), /?tag=<tag>, or / for everything.
export function HomePage() {
  useDocumentTitle("Home");
  const { user } = useSession();
  const [params] = useSearchParams();
  const tag = params.get("tag");
  const following = !!user && !tag && params.get("feed") === "following";

  const tabs: Tab[] = [
    ...(user ? [{ label: "Your feed", to: "/?feed=following", current: following }] : []),
    { label: "Global feed", to: "/", current: !following && !tag },
    ...(tag ? [{ label: `#${tag}`, to: tagPath(tag), current: true }] : []),
  ];

  return (
    <div className="home-page">
      <div className="banner">
        <div className="container">
          <h1 className="brand-title">conduit</h1>
          <p>A place to share your knowledge.</p>
        </div>
      </div>
      <div className="container with-sidebar">
        <div>
          <Tabs label="Feeds" tabs={tabs} />
          <ArticleList source={following ? "feed" : tag ? { tag } : {}} />
        </div>
        <PopularTags />
      </div>
    </div>
  );
}

function PopularTags() {
  const { data: tags, errors, loading } = useLoad(getTags, []);
  return (
    <aside className="sidebar">
      <h2>Popular tags</h2>
      {loading && <Loading>Loading tags…</Loading>}
      <ErrorList errors={errors} />
      {tags && (tags.length > 0 ? <TagList tags={tags} linked /> : <p className="empty">No tags are here... yet.</p>)}
    </aside>
  );
}
