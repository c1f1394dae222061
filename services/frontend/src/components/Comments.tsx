import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { addComment, deleteComment, getComments } from "../api/endpoints";
import type { Comment } from "../api/types";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";
import { AuthorMeta } from "./AuthorMeta";
import { ErrorList } from "./ErrorList";
import { Field } from "./Field";
import { TrashIcon } from "./Icons";
import { Loading } from "./Loading";

/** An article's comments: the form to add one (signed in) and the list, newest first. */
export function Comments({ slug, articleAuthor }: { slug: string; articleAuthor: string }) {
  const { user } = useSession();
  const { data: comments, errors, loading, update } = useLoad(() => getComments(slug), [slug]);

  return (
    <section className="comments">
      <h2>Comments</h2>
      {user ? (
        <CommentForm slug={slug} onAdded={(comment) => update((list) => [comment, ...list])} />
      ) : (
        <p>
          <Link to="/login">Sign in</Link> or <Link to="/register">sign up</Link> to add comments on this article.
        </p>
      )}
      {loading && <Loading>Loading comments…</Loading>}
      <ErrorList errors={errors} />
      {comments && comments.length === 0 && <p className="empty">No comments yet.</p>}
      {comments && comments.length > 0 && (
        <ul className="comment-list">
          {comments.map((comment) => (
            <li key={comment.id}>
              <CommentCard
                comment={comment}
                // the comment's author and the article's author may delete it
                deletable={!!user && (user.username === comment.author.username || user.username === articleAuthor)}
                onDelete={() => deleteComment(slug, comment.id).then(() => update((list) => list.filter((c) => c.id !== comment.id)))}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CommentForm({ slug, onAdded }: { slug: string; onAdded(comment: Comment): void }) {
  const [body, setBody] = useState("");
  const { pending, errors, run } = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      onAdded(await addComment(slug, body));
      setBody("");
    });
  }

  return (
    <form className="comment-form" onSubmit={submit}>
      <ErrorList errors={errors} />
      <Field label="Comment" multiline rows={3} value={body} onChange={(event) => setBody(event.target.value)} required />
      <button type="submit" className="button button-primary" disabled={pending}>
        Post comment
      </button>
    </form>
  );
}

function CommentCard({ comment, deletable, onDelete }: { comment: Comment; deletable: boolean; onDelete(): Promise<void> }) {
  const { pending, errors, run } = useAction();
  return (
    <article className="comment">
      <p className="comment-body">{comment.body}</p>
      <footer className="comment-footer">
        <AuthorMeta author={comment.author} date={comment.createdAt}>
          {deletable && (
            <button type="button" className="button button-small button-outline-danger" onClick={() => void run(onDelete)} disabled={pending}>
              <TrashIcon />
              <span className="visually-hidden">Delete comment</span>
            </button>
          )}
        </AuthorMeta>
        <ErrorList errors={errors} />
      </footer>
    </article>
  );
}
