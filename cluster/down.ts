// npm run cluster:down: removes the cluster and everything it started (cluster/teardown.ts).
// Idempotent: with no cluster it does nothing. The Go builds and the image store are kept.
import { teardown } from "./teardown.ts";

if (process.getuid?.() !== 0) {
  console.error("cluster:down needs root (run it with sudo)");
  process.exit(1);
}
await teardown();
