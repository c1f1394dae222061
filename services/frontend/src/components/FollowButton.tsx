import { useNavigate } from "react-router";
import { setFollowing } from "../api/endpoints";
import type { Profile } from "../api/types";
import { useAction } from "../hooks";
import { useSession } from "../session";
import { ErrorList } from "./ErrorList";
import { PlusIcon } from "./Icons";

/** Follows or unfollows a user; hidden on your own profile, and signed-out users are sent to sign in. */
export function FollowButton({ profile, onChange }: { profile: Profile; onChange(profile: Profile): void }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const { pending, errors, run } = useAction();
  if (user?.username === profile.username) return null;

  function toggle() {
    if (!user) {
      navigate("/login");
      return;
    }
    void run(async () => onChange(await setFollowing(profile.username, !profile.following)));
  }

  return (
    <div className="action">
      <button
        type="button"
        className={`button button-small ${profile.following ? "button-secondary" : "button-outline-secondary"}`}
        onClick={toggle}
        disabled={pending}
      >
        {!profile.following && <PlusIcon />} {profile.following ? "Unfollow" : "Follow"} {profile.username}
      </button>
      <ErrorList errors={errors} />
    </div>
  );
}
