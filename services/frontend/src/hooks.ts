// Small hooks the pages share: data loading, running an action with its pending and error state,
// and the document title.
import { useCallback, useEffect, useState, type DependencyList } from "react";
import { ApiError, errorsOf } from "./api/client";
import type { ErrorMap } from "./api/types";

interface LoadState<T> {
  data: T | undefined;
  errors: ErrorMap | null;
  /** the HTTP status of a failed load (0: no answer); null when it did not fail */
  status: number | null;
  loading: boolean;
}

export interface Loaded<T> extends LoadState<T> {
  /** updates the loaded value after a change made here (a favorite, a new comment) */
  update(change: (data: T) => T): void;
}

const loadingState = { data: undefined, errors: null, status: null, loading: true };

/** Runs `load` whenever `deps` change; answers to an earlier run that arrive late are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<LoadState<T>>(loadingState);

  useEffect(() => {
    let current = true;
    setState(loadingState);
    load().then(
      (data) => current && setState({ data, errors: null, status: null, loading: false }),
      (error: unknown) =>
        current && setState({ data: undefined, errors: errorsOf(error), status: error instanceof ApiError ? error.status : null, loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure every render; `deps` say when it means a different request
  }, deps);

  const update = useCallback(
    (change: (data: T) => T) => setState((previous) => (previous.data === undefined ? previous : { ...previous, data: change(previous.data) })),
    [],
  );
  return { ...state, update };
}

export interface Action {
  pending: boolean;
  errors: ErrorMap | null;
  /** runs `action` unless one is already running; resolves to whether it succeeded */
  run(action: () => Promise<void>): Promise<boolean>;
  setErrors(errors: ErrorMap | null): void;
}

export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<ErrorMap | null>(null);

  const run = useCallback(
    async (action: () => Promise<void>) => {
      if (pending) return false;
      setPending(true);
      setErrors(null);
      try {
        await action();
        return true;
      } catch (error) {
        setErrors(errorsOf(error));
        return false;
      } finally {
        setPending(false);
      }
    },
    [pending],
  );
  return { pending, errors, run, setErrors };
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — Conduit` : "Conduit";
  }, [title]);
}
