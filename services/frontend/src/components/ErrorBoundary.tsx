import { Component, type ReactNode } from "react";
import { ErrorList } from "./ErrorList";

interface State {
  error: Error | null;
}

/**
 * Shows what went wrong when rendering throws, instead of a blank page; the header stays usable and
 * App remounts it on every navigation. (React itself logs the error.)
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="container page">
        <h1>Something went wrong</h1>
        <ErrorList errors={{ "": [this.state.error.message || String(this.state.error)] }} />
        <p>
          <a href="/">Go to the home page</a>
        </p>
      </div>
    );
  }
}
