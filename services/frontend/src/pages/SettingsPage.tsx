import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { updateUser } from "../api/endpoints";
import type { User } from "../api/types";
import { ErrorList } from "../components/ErrorList";
import { Field } from "../components/Field";
import { ImageUpload } from "../components/ImageUpload";
import { useAction, useDocumentTitle } from "../hooks";
import { useSession } from "../session";

/** Rendered inside <RequireAuth>, so there is a user to edit. */
export function SettingsPage() {
  useDocumentTitle("Settings");
  const { user, signIn, signOut } = useSession();
  const navigate = useNavigate();
  return user ? (
    <SettingsForm
      user={user}
      onSaved={signIn}
      onLogOut={() => {
        signOut();
        navigate("/");
      }}
    />
  ) : null;
}

interface FormProps {
  user: User;
  onSaved(user: User): void;
  onLogOut(): void;
}

function SettingsForm({ user, onSaved, onLogOut }: FormProps) {
  const [image, setImage] = useState(user.image ?? "");
  const [username, setUsername] = useState(user.username);
  const [bio, setBio] = useState(user.bio ?? "");
  const [email, setEmail] = useState(user.email);
  const [password, setPassword] = useState("");
  const [currentPassword, setCurrentPassword] = useState("");
  // the server asks for the current password before it changes either
  const sensitive = password !== "" || email.toLowerCase() !== user.email.toLowerCase();
  const [uploading, setUploading] = useState(false);
  const [saved, setSaved] = useState(false);
  const { pending, errors, run } = useAction();

  // Saving keeps you here, with a confirmation: a redirect arriving after the answer could pull you
  // away from wherever you went in the meantime.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    // an empty "New password" keeps the current one
    const ok = await run(async () => onSaved(await updateUser({ image, username, bio, email, ...(password ? { password } : {}), ...(sensitive ? { currentPassword } : {}) })));
    if (ok) {
      setPassword("");
      setCurrentPassword("");
      setSaved(true);
    }
  }

  return (
    <div className="container narrow page">
      <h1>Your settings</h1>
      <ErrorList errors={errors} />
      <form onSubmit={submit}>
        <ImageUpload
          label="Avatar"
          value={image}
          onChange={setImage}
          variant="thumb"
          previewClassName="avatar avatar-large"
          onPendingChange={setUploading}
        />
        <Field label="Username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <Field label="Bio" multiline rows={6} value={bio} onChange={(e) => setBio(e.target.value)} />
        <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="Leave empty to keep your current password."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          hint="Needed to change your email or password."
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          required={sensitive}
        />
        <button type="submit" className="button button-primary button-large" disabled={pending || uploading}>
          Update settings
        </button>
        <p role="status" className="saved">
          {saved && "Your settings are saved."}
        </p>
      </form>
      <hr />
      <button type="button" className="button button-outline-danger" onClick={onLogOut}>
        Log out
      </button>
    </div>
  );
}
