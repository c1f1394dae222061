// npm run cluster:build: builds every pinned Go tool (cluster/versions.ts) that is not built yet.
// cluster:up calls the same function; this entry point is there to warm a machine's cache.
import { buildGoTool } from "./go-build.ts";
import { goTools, type GoToolName } from "./versions.ts";

export async function buildAllGoTools(): Promise<void> {
  for (const name of Object.keys(goTools) as GoToolName[]) await buildGoTool(name);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAllGoTools();
