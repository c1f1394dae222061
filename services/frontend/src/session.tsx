// Who is signed in. The token lives in localStorage (api/client); at start the user behind it is
// loaded with GET /api/user, and a 401 there, or on any later request, ends the session.
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, errorsOf, onUnauthorized, storedToken, storeToken } from "./api/client";
import { currentUser } from "./api/endpoints";
import type { ErrorMap, User } from "./api/types";

interface Session {
  /** "loading" while the stored token's user is being fetched */
  status: "loading" | "ready";
  user: User | null;
  /** why the stored token's user could not be loaded (not a 401: the API or network failed) */
  errors: ErrorMap | null;
  signIn(user: User): void;
  signOut(): void;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

interface State {
  status: Session["status"];
  user: User | null;
  errors: ErrorMap | null;
}

const signedOut: State = { status: "ready", user: null, errors: null };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(() => (storedToken() ? { ...signedOut, status: "loading" } : signedOut));
  const [attempt, setAttempt] = useState(0);

  const signIn = useCallback((user: User) => {
    // PUT /api/user answers with a new token when the username changes: always keep the latest
    storeToken(user.token);
    setState({ status: "ready", user, errors: null });
  }, []);
  const signOut = useCallback(() => {
    storeToken(null);
    setState(signedOut);
  }, []);
  const retry = useCallback(() => {
    setState({ ...signedOut, status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  useEffect(() => onUnauthorized(signOut), [signOut]);

  useEffect(() => {
    if (!storedToken()) return;
    let current = true;
    currentUser().then(
      (user) => current && signIn(user),
      (error: unknown) => {
        if (!current) return;
        // a 401 already signed out (onUnauthorized); anything else leaves the token for a retry
        if (error instanceof ApiError && error.status === 401) signOut();
        else setState({ status: "ready", user: null, errors: errorsOf(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [attempt, signIn, signOut]);

  const session = useMemo<Session>(() => ({ ...state, signIn, signOut, retry }), [state, signIn, signOut, retry]);
  return <SessionContext value={session}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error("useSession needs a <SessionProvider> above it");
  return session;
}
