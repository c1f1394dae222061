// Calls between services (DESIGN.md): through the Service name, each attempt with a timeout, bounded
// retries with exponential backoff and jitter for failures that may pass (connection errors, 502,
// 503, 504, timeouts), and a circuit breaker that fails fast while the callee keeps failing.
// cockatiel provides the policies; this file only says what counts as transient.
import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, TaskCancelledError, TimeoutStrategy, circuitBreaker, handleWhen, retry, timeout, wrap } from "cockatiel";
import { DependencyUnavailableError } from "./service.ts";

export interface ServiceClientOptions {
  /** e.g. http://blog-auth:80 (the chart's AUTH_URL) */
  baseUrl: string;
  /** The callee's name, used in errors: `auth is unavailable`. */
  name: string;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Consecutive failures that open the circuit, and how long it stays open before a trial call. */
  breakerThreshold?: number;
  breakerHalfOpenAfterMs?: number;
}

export interface ServiceClient {
  request(path: string, init?: { method?: string; body?: unknown; requestId?: string; headers?: Record<string, string> }): Promise<Response>;
  readonly circuitState: string;
}

const transientStatus = new Set([502, 503, 504]);

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  // transient: any thrown error (connection refused, reset, attempt timeout) and a 502/503/504 answer
  const policy = handleWhen((error) => !(error instanceof BrokenCircuitError)).orWhenResult(
    (result) => result instanceof Response && transientStatus.has(result.status),
  );
  const breaker = circuitBreaker(policy, {
    halfOpenAfter: options.breakerHalfOpenAfterMs ?? 5000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  const retries = retry(policy, {
    maxAttempts: (options.maxAttempts ?? 3) - 1,
    // cockatiel's default generator adds decorrelated jitter to the exponential delays
    backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }),
  });
  const attemptTimeout = timeout(options.timeoutMs ?? 2000, TimeoutStrategy.Aggressive);
  // the breaker sees each attempt, so a run of failed retries opens it
  const pipeline = wrap(retries, breaker, attemptTimeout);
  // a POST or PATCH that timed out may have happened: it is tried once, never repeated
  const once = wrap(breaker, attemptTimeout);

  return {
    async request(path, init = {}) {
      try {
        const method = init.method ?? "GET";
        const policy = method === "POST" || method === "PATCH" ? once : pipeline;
        // a signal of its own per call: without one cockatiel derives every call's from one shared
        // signal, which then holds a listener per call in flight
        const response = await policy.execute(async ({ signal }) => {
          const answer = await fetch(new URL(path, options.baseUrl), {
            method,
            signal,
            headers: {
              accept: "application/json",
              ...(init.body === undefined ? {} : { "content-type": "application/json" }),
              ...(init.requestId ? { "x-request-id": init.requestId } : {}),
              ...init.headers,
            },
            ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
          });
          // read the body inside the attempt: the timeout covers it, and the signal is aborted afterwards
          const body = [101, 204, 205, 304].includes(answer.status) ? null : await answer.arrayBuffer();
          return new Response(body, { status: answer.status, headers: answer.headers });
        }, new AbortController().signal);
        if (transientStatus.has(response.status)) throw new DependencyUnavailableError(options.name);
        return response;
      } catch (error) {
        if (error instanceof DependencyUnavailableError) throw error;
        if (error instanceof BrokenCircuitError || error instanceof TaskCancelledError || error instanceof TypeError) {
          throw new DependencyUnavailableError(options.name, error);
        }
        throw error;
      }
    },
    get circuitState() {
      return String(breaker.state);
    },
  };
}
