// The auth process: configuration from the environment, then serve until SIGTERM.
import { ConfigError, run } from "@blog-platform/runtime";
import { createAuthService } from "./app.ts";
import { authConfig } from "./config.ts";

try {
  const { service, close } = await createAuthService(authConfig());
  await run(service, { onClose: close });
} catch (error) {
  // a configuration error is the operator's to fix: say which variable, without a stack trace
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
