import { useId, type ChangeEvent } from "react";
import { uploadImage } from "../api/endpoints";
import type { ImageVariant } from "../api/types";
import { useAction } from "../hooks";
import { ErrorList } from "./ErrorList";

// what the images service accepts (it checks the bytes, not this list)
const ACCEPT = "image/jpeg,image/png,image/webp,image/avif";
const MAX_BYTES = 10 * 1024 * 1024;

interface Props {
  /** the field's label, "Avatar" or "Cover image"; the remove button says "Remove <label>" */
  label: string;
  /** the image's URL, "" for none */
  value: string;
  onChange(url: string): void;
  /** which size of the upload becomes `value` */
  variant: ImageVariant;
  previewClassName: string;
  /** tells the form to hold its submit while an upload runs */
  onPendingChange(pending: boolean): void;
}

/**
 * A file input that uploads the chosen image to POST /api/images straight away and previews the
 * stored result (the CSP allows no blob: URLs, so the preview is the server's copy).
 */
export function ImageUpload({ label, value, onChange, variant, previewClassName, onPendingChange }: Props) {
  const id = useId();
  const { pending, errors, run, setErrors } = useAction();

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    // the service would answer 413 only after the whole upload
    if (file.size > MAX_BYTES) {
      setErrors({ image: ["is larger than 10 MiB"] });
      input.value = "";
      return;
    }
    onPendingChange(true);
    await run(async () => onChange((await uploadImage(file)).variants[variant]));
    onPendingChange(false);
    // lets the same file be chosen again after an error
    input.value = "";
  }

  return (
    <div className="field image-upload">
      <label htmlFor={id}>{label}</label>
      {value && <img className={previewClassName} src={value} alt={`${label} preview`} />}
      <input id={id} type="file" accept={ACCEPT} onChange={onFile} disabled={pending} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="hint">
        JPEG, PNG, WebP or AVIF, up to 10 MiB.
      </p>
      {pending && <p role="status">Uploading…</p>}
      <ErrorList errors={errors} />
      {value && (
        <button type="button" className="button button-small button-outline-danger" onClick={() => onChange("")} disabled={pending}>
          Remove {label.toLowerCase()}
        </button>
      )}
    </div>
  );
}
