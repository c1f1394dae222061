import { Link, Navigate, useParams } from "react-router";
import { getProfile } from "../api/endpoints";
import { ArticleList } from "../components/ArticleList";
import { Avatar } from "../components/Avatar";
import { ErrorList } from "../components/ErrorList";
import { FollowButton } from "../components/FollowButton";
import { Loading } from "../components/Loading";
import { Tabs } from "../components/Tabs";
import { useDocumentTitle, useLoad } from "../hooks";
import { favoritesPath, profilePath } from "../paths";
import { useSession } from "../session";
import { NotFoundPage } from "./NotFoundPage";

/** /profile/:username (their articles) and /profile/:username/favorites (the ones they favorited). */
export function ProfilePage({ favorites }: { favorites: boolean }) {
  const { username = "" } = useParams();
  const { user } = useSession();
  const { data: profile, errors, status, loading, update } = useLoad(() => getProfile(username), [username]);
  useDocumentTitle(username);

  if (loading) return <Loading>Loading the profile…</Loading>;
  if (!profile) {
    if (status === 404) return <NotFoundPage what="profile" />;
    return (
      <div className="container page">
        <h1>{username}</h1>
        <ErrorList errors={errors} />
      </div>
    );
  }

  return (
    <div className="profile-page">
      <div className="banner profile-banner">
        <div className="container">
          <Avatar image={profile.image} size="large" />
          <h1>{profile.username}</h1>
          {profile.bio && <p className="bio">{profile.bio}</p>}
          {user?.username === profile.username ? (
            <Link to="/settings" className="button button-small button-outline-secondary">
              Edit profile settings
            </Link>
          ) : (
            <FollowButton profile={profile} onChange={(changed) => update(() => changed)} />
          )}
        </div>
      </div>
      <div className="container page">
        <Tabs
          label="Articles"
          tabs={[
            { label: "My articles", to: profilePath(profile.username), current: !favorites },
            { label: "Favorited articles", to: favoritesPath(profile.username), current: favorites },
          ]}
        />
        <ArticleList source={favorites ? { favorited: profile.username } : { author: profile.username }} />
      </div>
    </div>
  );
}

/** /@username, the short form of a profile address; any other single-segment path is a 404. */
export function HandleRedirect() {
  const { handle = "" } = useParams();
  return handle.startsWith("@") && handle.length > 1 ? <Navigate to={profilePath(handle.slice(1))} replace /> : <NotFoundPage />;
}
