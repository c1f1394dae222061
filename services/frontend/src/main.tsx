import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { SessionProvider } from "./session";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    {/* without transitions, a navigation and a session change made in one handler (log out, then
        go home) render together, so a signed-in-only page never sees the half-done state */}
    <BrowserRouter useTransitions={false}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
