import { useId, type KeyboardEvent } from "react";
import { CloseIcon } from "./Icons";

/** `tags` with `draft` added, trimmed and without duplicates (the API refuses commas in a tag). */
export function addTag(tags: string[], draft: string): string[] {
  const tag = draft.replaceAll(",", " ").trim();
  return tag && !tags.includes(tag) ? [...tags, tag] : tags;
}

interface Props {
  tags: string[];
  onTagsChange(tags: string[]): void;
  /** the text typed but not added yet; the form adds it on submit too */
  draft: string;
  onDraftChange(draft: string): void;
}

/** The "Tags" input: Enter (or a comma) adds the typed tag as a chip with its own remove button. */
export function TagInput({ tags, onTagsChange, draft, onDraftChange }: Props) {
  const id = useId();

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // an Enter that ends an input method's composition (Chinese, Japanese…) only confirms the text
    if ((event.key !== "Enter" && event.key !== ",") || event.nativeEvent.isComposing) return;
    // Enter would submit the form, and a comma cannot be part of a tag
    event.preventDefault();
    onTagsChange(addTag(tags, draft));
    onDraftChange("");
  }

  return (
    <div className="field">
      <label htmlFor={id}>Tags</label>
      <input
        id={id}
        value={draft}
        onChange={(event) => onDraftChange(event.target.value)}
        onKeyDown={onKeyDown}
        maxLength={40}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
      />
      <p id={`${id}-hint`} className="hint">
        Press Enter to add a tag.
      </p>
      {tags.length > 0 && (
        <ul className="tag-list">
          {tags.map((tag) => (
            <li key={tag} className="tag tag-chip">
              {tag}
              <button type="button" className="chip-remove" onClick={() => onTagsChange(tags.filter((t) => t !== tag))}>
                <CloseIcon />
                <span className="visually-hidden">Remove tag {tag}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
