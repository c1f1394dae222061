// The posts process: configuration from the environment, then serve until SIGTERM.
import { exitWithError, run } from "@blog-platform/runtime";
import { createPostsService } from "./app.ts";
import { postsConfig } from "./config.ts";

try {
  const { service, close } = await createPostsService(postsConfig());
  await run(service, { onClose: close });
} catch (error) {
  exitWithError("posts", error);
}
