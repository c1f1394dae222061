import { errorText } from "../api/client";
import type { ErrorMap } from "../api/types";

/** An API error map as "field message" lines, announced to screen readers as they appear. */
export function ErrorList({ errors }: { errors: ErrorMap | null }) {
  if (!errors) return null;
  const lines = Object.entries(errors).flatMap(([field, messages]) => messages.map((message) => errorText(field, message)));
  if (lines.length === 0) return null;
  // role="alert" sits on a wrapper: a <ul> must keep its list role
  return (
    <div role="alert" className="error-messages">
      <ul>
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
