import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { login } from "../api/endpoints";
import { ErrorList } from "../components/ErrorList";
import { Field } from "../components/Field";
import { useAction, useDocumentTitle } from "../hooks";
import { useSession } from "../session";

export function LoginPage() {
  useDocumentTitle("Sign in");
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { pending, errors, run } = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const signedIn = await run(async () => signIn(await login({ email, password })));
    if (signedIn) navigate("/");
  }

  return (
    <div className="container narrow page">
      <h1>Sign in</h1>
      <p className="page-intro">
        <Link to="/register">Need an account?</Link>
      </p>
      <ErrorList errors={errors} />
      <form onSubmit={submit}>
        <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <Field label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <button type="submit" className="button button-primary button-large" disabled={pending}>
          Sign in
        </button>
      </form>
    </div>
  );
}
