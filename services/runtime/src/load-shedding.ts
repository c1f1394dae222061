// Load shedding (the performance issue's overload goals): once the event loop lags, new requests get
// a 503 with Retry-After at once, before their body is read or any query runs, instead of queueing
// behind the backlog until the client times out. @fastify/under-pressure measures the lag. The
// probes are let through: a shed /ready would take a busy pod out of its Service, and a shed
// /health would restart it. Shed answers get no log line each, so that the refusal stays cheap;
// http_requests_shed_total counts them, apart from the 503s of a dependency that is down.
import underPressure from "@fastify/under-pressure";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Counter, type Registry } from "prom-client";
import { HttpError } from "./errors.ts";
import { routeLabel } from "./metrics.ts";

const RETRY_AFTER_SECONDS = 1;

/** Route config of the routes answered under any load (the probes): no handler answer, so the request goes on. */
export const neverShed = { pressureHandler: () => undefined };

const shed = new WeakSet<FastifyRequest>();

/** True for an answer that shed its request. */
export const wasShed = (reply: FastifyReply) => shed.has(reply.request);

export function registerLoadShedding(app: FastifyInstance, maxEventLoopDelayMs: number, metrics: Registry): void {
  if (maxEventLoopDelayMs === 0) return;
  const counter = new Counter({ name: "http_requests_shed_total", help: "Requests refused with 503 and Retry-After while the event loop lagged", labelNames: ["route"], registers: [metrics] });
  app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    // the lag is the mean over the last 250 ms, so that shedding starts and stops within a fraction of a second
    sampleInterval: 250,
    // a rejection goes to the error handler, which answers an HttpError as it is
    pressureHandler: async (request, reply) => {
      shed.add(request);
      counter.inc({ route: routeLabel(request) });
      reply.header("retry-after", String(RETRY_AFTER_SECONDS));
      throw new HttpError(503, { server: ["the service is at capacity: retry after the Retry-After seconds"] });
    },
  });
}
