// Calls between services (DESIGN.md): through the Service name, each attempt with a timeout, bounded
// retries with exponential backoff and jitter for failures that may pass (connection errors, 502,
// 503, 504, timeouts), and a circuit breaker that fails fast while the callee keeps failing. A 503
// with Retry-After is a callee shedding load (load-shedding.ts): it is not retried, which would only
// add to that load, and it counts towards the breaker.
// cockatiel provides the retry and breaker policies and undici the HTTP client (its request() costs
// a fifth of what fetch() does per call); this file only says what counts as transient.
import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap } from "cockatiel";
import { Agent, request } from "undici";
import { DependencyUnavailableError } from "./errors.ts";

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

/** A callee's answer, read in full. */
export interface ServiceResponse {
  status: number;
  ok: boolean;
  /** The callee answered 503 with Retry-After: it asks to come back later (it sheds load, or images' uploads are full). */
  shed: boolean;
  json<T = unknown>(): Promise<T>;
}

export interface ServiceClient {
  request(path: string, init?: { method?: string; body?: unknown; requestId?: string; headers?: Record<string, string> }): Promise<ServiceResponse>;
  readonly circuitState: string;
}

const transientStatus = new Set([502, 503, 504]);

/** Failures of the call itself (refused, reset: undici's and the system's errors carry a code; timed out), not bugs. */
const isCallFailure = (error: unknown) => error instanceof BrokenCircuitError || typeof (error as { code?: unknown })?.code === "string";

/** An attempt that ran out of time (the code makes it a call failure like any socket error). */
class AttemptTimeoutError extends Error {
  override name = "AttemptTimeoutError";
  readonly code = "ETIMEDOUT";
}

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const timeoutMs = options.timeoutMs ?? 2000;
  // keep idle connections for less time than the callee does (72 s), so that the client closes first
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connectTimeout: timeoutMs });
  // transient: a failed call and a 502/503/504 answer; worth another try unless the callee sheds load
  const failed = handleWhen((error) => isCallFailure(error) && !(error instanceof BrokenCircuitError));
  const transient = (result: unknown) => transientStatus.has((result as ServiceResponse).status);
  const policy = failed.orWhenResult(transient);
  const retryable = failed.orWhenResult((result) => transient(result) && !(result as ServiceResponse).shed);
  const breaker = circuitBreaker(policy, {
    halfOpenAfter: options.breakerHalfOpenAfterMs ?? 5000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  const retries = retry(retryable, {
    maxAttempts: (options.maxAttempts ?? 3) - 1,
    // cockatiel's default generator adds decorrelated jitter to the exponential delays
    backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }),
  });
  // the breaker sees each attempt, so a run of failed retries opens it
  const pipeline = wrap(retries, breaker);

  return {
    async request(path, init = {}) {
      const method = init.method ?? "GET";
      const attempt = async (): Promise<ServiceResponse> => {
        // the whole attempt, body included, on a timer cleared when it ends (undici's own timeouts
        // tick too coarsely for this, and AbortSignal.timeout would build an error for every call)
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new AttemptTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
        try {
          const answer = await request(new URL(path, options.baseUrl), {
            method: method as "GET",
            dispatcher,
            signal: controller.signal,
            headers: {
              accept: "application/json",
              ...(init.body === undefined ? {} : { "content-type": "application/json" }),
              ...(init.requestId ? { "x-request-id": init.requestId } : {}),
              ...init.headers,
            },
            ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
          });
          // read the whole body inside the attempt, so that its timeout covers it
          const text = await answer.body.text();
          const status = answer.statusCode;
          return { status, ok: status >= 200 && status < 300, shed: status === 503 && answer.headers["retry-after"] !== undefined, json: async <T>() => JSON.parse(text) as T };
        } finally {
          clearTimeout(timer);
        }
      };
      try {
        // a POST or PATCH that failed may have happened: it is tried once, never repeated
        const response = method === "POST" || method === "PATCH" ? await breaker.execute(attempt) : await pipeline.execute(attempt);
        if (transientStatus.has(response.status)) throw new DependencyUnavailableError(options.name);
        return response;
      } catch (error) {
        if (error instanceof DependencyUnavailableError) throw error;
        if (isCallFailure(error)) throw new DependencyUnavailableError(options.name, error);
        throw error;
      }
    },
    get circuitState() {
      return String(breaker.state);
    },
  };
}
