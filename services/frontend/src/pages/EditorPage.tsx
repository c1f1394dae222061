import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { createArticle, getArticle, updateArticle } from "../api/endpoints";
import type { Article, ArticleInput } from "../api/types";
import { ErrorList } from "../components/ErrorList";
import { Field } from "../components/Field";
import { ImageUpload } from "../components/ImageUpload";
import { Loading } from "../components/Loading";
import { addTag, TagInput } from "../components/TagInput";
import { useAction, useDocumentTitle, useLoad } from "../hooks";
import { articlePath } from "../paths";

/** /editor writes a new article, /editor/:slug edits one (rendered inside <RequireAuth>). */
export function EditorPage() {
  const { slug } = useParams();
  return slug ? <EditExisting key={slug} slug={slug} /> : <ArticleForm key="new" />;
}

function EditExisting({ slug }: { slug: string }) {
  const { data: article, errors, loading } = useLoad(() => getArticle(slug), [slug]);
  useDocumentTitle("Edit article");
  if (loading) return <Loading>Loading the article…</Loading>;
  if (!article) {
    return (
      <div className="container page">
        <h1>Edit article</h1>
        <ErrorList errors={errors} />
      </div>
    );
  }
  return <ArticleForm existing={article} />;
}

function ArticleForm({ existing }: { existing?: Article }) {
  useDocumentTitle(existing ? "Edit article" : "New article");
  const navigate = useNavigate();
  const [title, setTitle] = useState(existing?.title ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [body, setBody] = useState(existing?.body ?? "");
  const [tags, setTags] = useState(existing?.tagList ?? []);
  const [tagDraft, setTagDraft] = useState("");
  const [image, setImage] = useState(existing?.image ?? "");
  const [uploading, setUploading] = useState(false);
  const { pending, errors, run } = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // a tag typed but not yet added with Enter is still meant to be published
    const input: ArticleInput = { title, description, body, tagList: addTag(tags, tagDraft), image };
    await run(async () => {
      const saved = existing ? await updateArticle(existing.slug, input) : await createArticle(input);
      navigate(articlePath(saved.slug));
    });
  }

  return (
    <div className="container page editor">
      <h1>{existing ? "Edit article" : "New article"}</h1>
      <ErrorList errors={errors} />
      <form onSubmit={submit}>
        <Field label="Title" value={title} onChange={(e) => setTitle(e.target.value)} required />
        <Field label="Description" hint="What's this article about?" value={description} onChange={(e) => setDescription(e.target.value)} required />
        <Field label="Body" multiline rows={12} hint="Markdown; raw HTML is not shown." value={body} onChange={(e) => setBody(e.target.value)} required />
        <TagInput tags={tags} onTagsChange={setTags} draft={tagDraft} onDraftChange={setTagDraft} />
        <ImageUpload
          label="Cover image"
          value={image}
          onChange={setImage}
          variant="large"
          previewClassName="cover-preview"
          onPendingChange={setUploading}
        />
        <button type="submit" className="button button-primary button-large" disabled={pending || uploading}>
          Publish article
        </button>
      </form>
    </div>
  );
}
