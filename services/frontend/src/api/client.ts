// The one way the app talks to the API: same-origin /api paths (the gateway serves both the app and
// the API), the stored token as `Authorization: Token <jwt>`, JSON in and out, and every failure,
// network ones included, thrown as an ApiError whose `errors` map the UI can always show.
import type { ErrorMap } from "./types";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export class ApiError extends Error {
  readonly status: number;
  readonly errors: ErrorMap;

  /** `status` is 0 when the request never got an answer. */
  constructor(status: number, errors: ErrorMap) {
    super(Object.entries(errors).flatMap(([field, messages]) => messages.map((message) => errorText(field, message))).join("; "));
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
  }
}

/** How an error list shows one message: "field message", or the message alone when it already names the field. */
export function errorText(field: string, message: string): string {
  return field === "" || message.toLowerCase().startsWith(field.toLowerCase()) ? message : `${field} ${message}`;
}

/** Any thrown value as an error map, so that no failure is ever shown as nothing. */
export function errorsOf(error: unknown): ErrorMap {
  if (error instanceof ApiError) return error.errors;
  return { "": [error instanceof Error ? error.message : "Something went wrong."] };
}

const TOKEN_KEY = "conduit.token";

// localStorage throws when the browser disables storage; the app then works until a reload
export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lives only as long as the page
  }
}

let unauthorized: () => void = () => {};

/** Called when the API refuses the stored token (expired or revoked): the session ends. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const token = storedToken();
  const headers = new Headers({ Accept: "application/json" });
  if (token) headers.set("Authorization", `Token ${token}`);
  let payload: BodyInit | undefined;
  // a FormData body gets its multipart Content-Type, boundary included, from the browser
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers.set("Content-Type", "application/json");
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, { "": ["Could not reach the server. Check your connection and try again."] });
  }
  const data = await readJson(response);
  if (response.ok && data !== NOT_JSON) return data as T;
  if (response.status === 401 && token) unauthorized();
  throw new ApiError(response.status, errorMapIn(data) ?? fallbackErrors(response));
}

const NOT_JSON = Symbol("not JSON");

/** The body as JSON: undefined when empty (204), NOT_JSON for anything else (a proxy's HTML page). */
async function readJson(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return NOT_JSON;
  }
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function errorMapIn(data: unknown): ErrorMap | undefined {
  if (typeof data !== "object" || data === null || !("errors" in data)) return undefined;
  const { errors } = data;
  if (typeof errors !== "object" || errors === null) return undefined;
  const map = Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [field, (Array.isArray(messages) ? messages : [messages]).map(String)]),
  );
  return Object.keys(map).length > 0 ? map : undefined;
}

/** For answers without a RealWorld error body, e.g. a proxy's HTML error page. */
function fallbackErrors(response: Response): ErrorMap {
  const { status } = response;
  if (response.ok) return { "": ["The server sent an answer the app does not understand. Try reloading the page."] };
  if (status === 401) return { "": ["You need to sign in again."] };
  if (status === 404) return { "": ["Not found."] };
  if (status === 413) return { "": ["The upload is too large."] };
  if (status === 429) return { "": ["Too many requests: wait a moment and try again."] };
  const reason = response.statusText ? ` ${response.statusText}` : "";
  if (status >= 500) return { "": [`The server answered ${status}${reason}. Try again shortly.`] };
  return { "": [`The request failed (${status}${reason}).`] };
}
