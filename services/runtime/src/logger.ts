// One JSON object per line on stdout: timestamp, level, message, service, and the request id on
// every line logged inside a request (fastify's child logger adds `reqId`).
import { pino, type Logger, type LoggerOptions } from "pino";

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    messageKey: "message",
    base: { service },
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A logger in that format for code that runs outside a service, such as the credentials Job. */
export function createLogger(service: string, level = "info"): Logger {
  return pino(loggerOptions(service, level));
}
