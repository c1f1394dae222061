import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Profile } from "../api/types";
import { profilePath } from "../paths";
import { Avatar } from "./Avatar";
import { FormattedDate } from "./FormattedDate";

/** Avatar, name (a link to the profile) and date: the byline of articles and comments. */
export function AuthorMeta({ author, date, children }: { author: Profile; date: string; children?: ReactNode }) {
  return (
    <div className="author-meta">
      <Avatar image={author.image} />
      <div className="author-meta-text">
        <Link to={profilePath(author.username)} className="author-name">
          {author.username}
        </Link>
        <FormattedDate value={date} />
      </div>
      {children}
    </div>
  );
}
