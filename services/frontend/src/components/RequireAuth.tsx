import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { useSession } from "../session";
import { Loading } from "./Loading";

/** Renders `children` for a signed-in user and sends anyone else to the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, user } = useSession();
  if (status === "loading") return <Loading>Loading your account…</Loading>;
  return user ? children : <Navigate to="/login" replace />;
}
