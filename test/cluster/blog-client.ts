// The blog's API as a reader or writer calls it through the gateway, for the programs the cluster
// suite runs inside the cluster's network (the smoke flow, the fault drill's load, the benchmark).
// Never throws for an HTTP status: a caller decides what each answer means.
export type Json = Record<string, any>;

export interface Answer {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data. */
  form?: FormData;
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<Answer>;

/** A client of the gateway at `base`; each call gives up after `timeoutMs`. */
export function blogClient(base: string, timeoutMs = 10_000): Call {
  return async (method, path, options = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Token ${options.token}` } : {}),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : options.form ? { body: options.form } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: Json = {};
    try {
      body = text ? (JSON.parse(text) as Json) : {};
    } catch {
      body = { text: text.slice(0, 200) };
    }
    return { status: response.status, body, text, headers: response.headers };
  };
}

/** A form with one PNG in the field `image`, as the frontend uploads a cover. */
export function imageForm(png: Buffer, name = "cover.png"): FormData {
  const form = new FormData();
  form.append("image", new Blob([new Uint8Array(png)], { type: "image/png" }), name);
  return form;
}
