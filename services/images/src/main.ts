// The images process: configuration from the environment, then serve until SIGTERM.
import { exitWithError, run } from "@blog-platform/runtime";
import { createImagesService } from "./app.ts";
import { imagesConfig } from "./config.ts";

try {
  const { service, close } = await createImagesService(imagesConfig());
  await run(service, { onClose: close });
} catch (error) {
  exitWithError("images", error);
}
