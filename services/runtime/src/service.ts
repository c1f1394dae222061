// A fastify server with what every service needs: JSON logs with request ids (taken from
// X-Request-Id or made here, and sent back), metrics, health and readiness, and a 503 with a clear
// body when a dependency is down instead of a 500.
import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import type { BaseConfig } from "./config.ts";
import { registerHealth, type Health } from "./health.ts";
import { loggerOptions } from "./logger.ts";
import { registerMetrics } from "./metrics.ts";
import type { Registry } from "prom-client";
import { DependencyUnavailableError, HttpError } from "./errors.ts";
import { fieldWithNul } from "./nul-guard.ts";
import { registerLoadShedding, wasShed } from "./load-shedding.ts";

export interface Service {
  app: FastifyInstance;
  health: Health;
  config: BaseConfig;
  metrics: Registry;
  /** serves `metrics` on METRICS_PATH; `run` listens on METRICS_PORT, tests inject */
  metricsServer: FastifyInstance;
}

export interface ServiceOptions {
  bodyLimit?: number;
  /** Where the JSON log lines go; stdout by default. */
  logStream?: NodeJS.WritableStream;
}

export function createService(config: BaseConfig, options: ServiceOptions = {}): Service {
  const app = Fastify({
    logger: { ...loggerOptions(config.SERVICE_NAME, config.LOG_LEVEL), ...(options.logStream ? { stream: options.logStream } : {}) },
    requestIdHeader: "x-request-id",
    // one line per request (below, when it is answered) instead of fastify's two
    logController: new LogController({ requestIdLogLabel: "requestId", disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // behind the gateway: keep idle connections longer than nginx does (30 s), so nginx closes first
    keepAliveTimeout: 72_000,
    // request.ip is the client the gateway saw (the last X-Forwarded-For hop), not the gateway pod
    trustProxy: (_address: string, hop: number) => hop < config.TRUST_PROXY_HOPS,
    // a number where the API wants a string is a client error, not something to convert quietly
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    // probes and scrapes are not worth a line; shed requests are counted (http_requests_shed_total) instead
    if (request.routeOptions.logLevel === "warn" || wasShed(reply)) return;
    request.log.info(
      { method: request.method, url: request.url, route: request.routeOptions.url, status: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 },
      `${request.method} ${request.url} ${reply.statusCode}`,
    );
  });
  // RealWorld clients send DELETE with a JSON content type and no body: that is no body, not an error
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    if (body === "") return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new HttpError(400, { body: ["is not valid JSON"] }), undefined);
    }
  });
  // text Postgres cannot store, refused before any query (nul-guard.ts)
  app.addHook("preValidation", async (request) => {
    const field = fieldWithNul(request.params, "path") ?? fieldWithNul(request.query, "query") ?? fieldWithNul(request.body, "body");
    if (field) throw new HttpError(422, { [field]: ["must not contain a NUL character (U+0000)"] });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ errors: { path: [`no route for ${request.method} ${request.url.split("?")[0]}`] } }));
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ errors: error.errors });
    if (error instanceof DependencyUnavailableError) {
      request.log.warn({ err: error.cause, dependency: error.dependency }, "dependency unavailable");
      return reply.code(503).send({ errors: { [error.dependency]: [`${error.dependency} is unavailable, try again shortly`] } });
    }
    // request validation: the RealWorld error shape, one entry per field
    const validation = (error as { validation?: Array<{ keyword: string; instancePath: string; message?: string; params: Record<string, unknown> }> }).validation;
    if (validation) {
      const errors: Record<string, string[]> = {};
      for (const v of validation) {
        const field = String(v.params.missingProperty ?? v.params.additionalProperty ?? v.instancePath.split("/").pop() ?? "body") || "body";
        const blank = v.params.missingProperty !== undefined || (v.keyword === "minLength" && v.params.limit === 1);
        (errors[field] ??= []).push(blank ? "can't be blank" : (v.message ?? "is invalid"));
      }
      return reply.code(422).send({ errors });
    }
    // the same key and wording as the gateway's own 413
    if ((error as { code?: string }).code === "FST_ERR_CTP_BODY_TOO_LARGE") return reply.code(413).send({ errors: { body: ["the request body is larger than this route takes"] } });
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply.code(500).send({ errors: { server: ["internal error"] } });
    }
    const field = status === 401 ? "authorization" : "request";
    return reply.code(status).send({ errors: { [field]: [(error as Error).message] } });
  });
  const health = registerHealth(app);
  const { registry: metrics, server: metricsServer } = registerMetrics(app, config.METRICS_PATH);
  registerLoadShedding(app, config.MAX_EVENT_LOOP_DELAY_MS, metrics);
  return { app, health, config, metrics, metricsServer };
}
