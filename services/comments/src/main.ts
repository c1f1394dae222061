// The comments process: configuration from the environment, then serve until SIGTERM.
import { exitWithError, run } from "@blog-platform/runtime";
import { createCommentsService } from "./app.ts";
import { commentsConfig } from "./config.ts";

try {
  const { service, close } = await createCommentsService(commentsConfig());
  await run(service, { onClose: close });
} catch (error) {
  exitWithError("comments", error);
}
