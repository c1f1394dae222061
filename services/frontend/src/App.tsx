import { useEffect, useRef } from "react";
import { Route, Routes, useLocation } from "react-router";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { ErrorList } from "./components/ErrorList";
import { Footer } from "./components/Footer";
import { Header } from "./components/Header";
import { RequireAuth } from "./components/RequireAuth";
import { ArticlePage } from "./pages/ArticlePage";
import { EditorPage } from "./pages/EditorPage";
import { HomePage } from "./pages/HomePage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { HandleRedirect, ProfilePage } from "./pages/ProfilePage";
import { RegisterPage } from "./pages/RegisterPage";
import { SettingsPage } from "./pages/SettingsPage";
import { useSession } from "./session";

export function App() {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // A new page in a single-page app is silent for screen readers and keeps the old scroll position:
  // after each navigation, move focus to the new content and start at the top.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [location.pathname, location.search]);

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1}>
        <SessionProblem />
        <ErrorBoundary key={location.pathname}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/settings" element={<RequireAuth><SettingsPage /></RequireAuth>} />
            <Route path="/editor" element={<RequireAuth><EditorPage /></RequireAuth>} />
            <Route path="/editor/:slug" element={<RequireAuth><EditorPage /></RequireAuth>} />
            <Route path="/article/:slug" element={<ArticlePage />} />
            <Route path="/profile/:username" element={<ProfilePage favorites={false} />} />
            <Route path="/profile/:username/favorites" element={<ProfilePage favorites />} />
            <Route path="/:handle" element={<HandleRedirect />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </ErrorBoundary>
      </main>
      <Footer />
    </>
  );
}

/** When the stored token's user could not be loaded (API or network down), say so and offer a retry. */
function SessionProblem() {
  const { errors, retry } = useSession();
  if (!errors) return null;
  return (
    <div className="container session-problem">
      <p>Your account could not be loaded, so you appear signed out:</p>
      <ErrorList errors={errors} />
      <button type="button" className="button button-small button-outline-secondary" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
