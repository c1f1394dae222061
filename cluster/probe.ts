// Health probes for the components as they start: an HTTP(S) GET that counts only a 2xx as ready.
// Components' own health endpoints serve self-signed certificates (the scheduler, the
// controller-manager) or our CA's; the client certificate, where given, is the admin's.
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { request as plainRequest } from "node:http";
import type { Certificate } from "./pki.ts";

export function httpOk(url: string, tls?: { ca?: string; client?: Certificate }): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const options = url.startsWith("https:")
      ? {
          ca: tls?.ca ? readFileSync(tls.ca) : undefined,
          cert: tls?.client ? readFileSync(tls.client.cert) : undefined,
          key: tls?.client ? readFileSync(tls.client.key) : undefined,
          // a component's own self-signed health endpoint: there is no CA to check it against
          rejectUnauthorized: tls?.ca !== undefined,
          timeout: 2000,
        }
      : { timeout: 2000 };
    const req = (url.startsWith("https:") ? request : plainRequest)(url, options, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => ((res.statusCode ?? 0) < 300 ? resolve(true) : reject(new Error(`${url}: ${res.statusCode} ${body.slice(0, 300)}`))));
    });
    req.on("timeout", () => req.destroy(new Error(`${url}: no answer in 2 s`)));
    req.on("error", reject);
    req.end();
  });
}
