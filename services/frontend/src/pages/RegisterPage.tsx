import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { register } from "../api/endpoints";
import { ErrorList } from "../components/ErrorList";
import { Field } from "../components/Field";
import { useAction, useDocumentTitle } from "../hooks";
import { useSession } from "../session";

export function RegisterPage() {
  useDocumentTitle("Sign up");
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { pending, errors, run } = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const registered = await run(async () => signIn(await register({ username, email, password })));
    if (registered) navigate("/");
  }

  return (
    <div className="container narrow page">
      <h1>Sign up</h1>
      <p className="page-intro">
        <Link to="/login">Have an account?</Link>
      </p>
      <ErrorList errors={errors} />
      <form onSubmit={submit}>
        <Field label="Username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <button type="submit" className="button button-primary button-large" disabled={pending}>
          Sign up
        </button>
      </form>
    </div>
  );
}
