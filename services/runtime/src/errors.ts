// The errors a route throws to answer with something other than a 500 (service.ts's error handler).
export class DependencyUnavailableError extends Error {
  override name = "DependencyUnavailableError";
  constructor(readonly dependency: string, cause?: unknown) {
    super(`${dependency} is unavailable`, { cause });
  }
}

/** An error answered as is: a status and the RealWorld body, `{"errors": {"field": ["message"]}}`. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(readonly statusCode: number, readonly errors: Record<string, string[]>) {
    super(Object.entries(errors).map(([field, messages]) => `${field} ${messages.join(", ")}`).join("; "));
  }
}
