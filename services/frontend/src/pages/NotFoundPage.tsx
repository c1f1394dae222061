import { Link } from "react-router";
import { useDocumentTitle } from "../hooks";

/** The 404 page, for unknown paths and for articles or profiles that do not exist. */
export function NotFoundPage({ what = "page" }: { what?: "page" | "article" | "profile" }) {
  const heading = `${what[0]!.toUpperCase()}${what.slice(1)} not found`;
  useDocumentTitle(heading);
  return (
    <div className="container narrow page">
      <h1>{heading}</h1>
      <p>There is no {what} here: it may have been deleted, or the address is mistyped.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </div>
  );
}
