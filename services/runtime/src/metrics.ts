// Prometheus metrics: http_requests_total{method,route,status},
// http_request_duration_seconds{method,route,status} and the process metrics of prom-client,
// counted on the service's app and served on METRICS_PATH by a server of their own (on
// METRICS_PORT, which lifecycle.ts listens on), so that the NetworkPolicy can admit Prometheus to
// the metrics without admitting it to the API.
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** A request's route label: the route pattern, not the URL, keeps the label set small; unmatched requests share one. */
export const routeLabel = (request: FastifyRequest) => request.routeOptions.url ?? "unmatched";

export function registerMetrics(app: FastifyInstance, path: string): { registry: Registry; server: FastifyInstance } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({ name: "http_requests_total", help: "HTTP requests served", labelNames, registers: [registry] });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer an HTTP request",
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = routeLabel(request);
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  const server = Fastify({ logger: false });
  server.get(path, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return { registry, server };
}
