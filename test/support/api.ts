// Requests to a service under test through fastify's inject (the full routing, validation and
// hooks), as the gateway sends them: from the gateway's address, with the client in X-Forwarded-For.
import type { FastifyInstance } from "fastify";

export type Json = Record<string, any>;
export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface CallOptions {
  body?: unknown;
  token?: string;
  /** A body sent as is (malformed JSON). */
  raw?: string;
  ip?: string;
}

export function caller(app: () => FastifyInstance) {
  return async (method: Method, url: string, options: CallOptions = {}): Promise<{ status: number; body: Json }> => {
    const response = await app().inject({
      method,
      url,
      remoteAddress: "10.0.0.1",
      headers: {
        "x-forwarded-for": `198.51.100.200, ${options.ip ?? "203.0.113.1"}`,
        ...(options.token ? { authorization: `Token ${options.token}` } : {}),
        ...(options.body !== undefined || options.raw !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(options.raw !== undefined ? { payload: options.raw } : options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
    return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as Json) : {} };
  };
}

/** Registers a user through auth's HTTP API; returns its token. */
export async function signUp(authUrl: string, username: string): Promise<string> {
  const response = await fetch(`${authUrl}/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: { username, email: `${username}@example.com`, password: "password123" } }),
  });
  if (response.status !== 201) throw new Error(`signing up ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as Json).user.token;
}
