// The auth process: configuration from the environment, then serve until SIGTERM.
import { exitWithError, run } from "@blog-platform/runtime";
import { createAuthService } from "./app.ts";
import { authConfig } from "./config.ts";

try {
  const { service, close } = await createAuthService(authConfig());
  await run(service, { onClose: close });
} catch (error) {
  exitWithError("auth", error);
}
