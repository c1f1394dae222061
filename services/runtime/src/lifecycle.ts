// Start and the SIGTERM drain sequence of DESIGN.md: readiness turns 503 at once, in-flight and new
// requests are still served for DRAIN_DELAY_SECONDS (while Kubernetes removes the endpoint), then
// the server stops accepting, waits for in-flight requests (at most SHUTDOWN_TIMEOUT_SECONDS, then
// their connections are cut), closes its pools and exits 0.
import type { Service } from "./service.ts";

export interface RunOptions {
  /** Closes pools and clients after the server has stopped. */
  onClose?: () => Promise<void>;
  /** Signal handling belongs to a real process only; tests drive `stop()` themselves. */
  handleSignals?: boolean;
}

export interface Running {
  address: string;
  /** where the metrics are served (METRICS_PORT) */
  metricsAddress: string;
  stop(): Promise<void>;
}

export async function run(service: Service, options: RunOptions = {}): Promise<Running> {
  const { app, health, config } = service;
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const metricsAddress = await service.metricsServer.listen({ port: config.METRICS_PORT, host: config.HOST });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      health.startDraining();
      app.log.info({ drainDelaySeconds: config.DRAIN_DELAY_SECONDS }, "draining");
      await new Promise((resolve) => setTimeout(resolve, config.DRAIN_DELAY_SECONDS * 1000));
      const deadline = setTimeout(() => {
        app.log.warn({ shutdownTimeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS }, "requests still running at the shutdown deadline: closing their connections");
        app.server.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
      await app.close();
      clearTimeout(deadline);
      // last, so that a scrape during the drain still answers
      await service.metricsServer.close();
      await options.onClose?.();
      app.log.info("stopped");
    })());
  if (options.handleSignals ?? true) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        stop().then(
          () => process.exit(0),
          (error) => {
            app.log.error({ err: error }, "shutdown failed");
            process.exit(1);
          },
        );
      });
    }
  }
  return { address, metricsAddress, stop };
}
