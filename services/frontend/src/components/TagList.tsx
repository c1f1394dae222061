import { Link } from "react-router";
import { tagPath } from "../paths";

/** An article's tags as pills; `linked` makes each one a link to the home page filtered by it. */
export function TagList({ tags, linked = false }: { tags: string[]; linked?: boolean }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tag-list">
      {tags.map((tag) => (
        <li key={tag}>
          {linked ? (
            <Link to={tagPath(tag)} className="tag tag-link">
              {tag}
            </Link>
          ) : (
            <span className="tag">{tag}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
