// What each image of the chart runs, on this machine: the project's own images from their built
// artifacts (the services' esbuild bundles, the frontend's Vite build), the others from the Debian
// packages that ship the same program. Kubernetes semantics hold: the manifest's `command`
// replaces the image's entrypoint and `args` its command; a program name resolves on the image's
// PATH, here `binaries`. The image's own version may differ from Debian's (Postgres 17 → 15,
// Redis 8 → 7): the wiring is what this proves, not the servers' versions.
import type { ContainerPlan } from "./pods.ts";

export interface Artifacts {
  /** service name → directory with its bundle (main.mjs) and any native node_modules */
  bundles: Record<string, string>;
  /** the frontend's built files */
  frontend: string;
  /** a directory of busybox applet links (sh, wget, …) */
  busybox: string;
  /** the postgres image's entrypoint (the stand-in image's, cluster/images/standins/postgres/docker-entrypoint.sh, copied with the other artifacts) */
  postgresEntrypoint: string;
}

export interface ImageRuntime {
  entrypoint: string[];
  command: string[];
  workingDir?: string;
  /** The image's PATH, searched for the program the container runs. */
  path: string;
  /** Directories of the image's own files, mounted where the image has them. */
  mounts: Record<string, string>;
}

const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function runtimeFor(image: string, artifacts: Artifacts): ImageRuntime {
  const repository = image.replace(/[:@].*$/, "").replace(/^[^/]+\.[^/]+\//, "");
  const service = /^blog-platform\/(auth|posts|comments|images)$/.exec(repository)?.[1];
  if (service) {
    const dir = artifacts.bundles[service];
    if (!dir) throw new Error(`no bundle for ${image}`);
    return { entrypoint: [], command: ["node", "--enable-source-maps", "main.mjs"], workingDir: dir, path: SYSTEM_PATH, mounts: {} };
  }
  switch (repository) {
    case "blog-platform/frontend":
      return { entrypoint: [], command: ["nginx", "-g", "daemon off;"], path: SYSTEM_PATH, mounts: { "/usr/share/nginx/html": artifacts.frontend } };
    case "nginxinc/nginx-unprivileged":
      return { entrypoint: [], command: ["nginx", "-g", "daemon off;"], path: SYSTEM_PATH, mounts: {} };
    case "library/postgres":
      // the image's docker-entrypoint.sh: initdb from POSTGRES_* on an empty PGDATA, then postgres
      return { entrypoint: [artifacts.postgresEntrypoint], command: ["postgres"], path: `/usr/lib/postgresql/15/bin:${SYSTEM_PATH}`, mounts: {} };
    case "library/redis":
      return { entrypoint: [], command: ["redis-server"], path: SYSTEM_PATH, mounts: {} };
    case "oliver006/redis_exporter":
      return { entrypoint: ["prometheus-redis-exporter"], command: [], path: SYSTEM_PATH, mounts: {} };
    case "prometheuscommunity/postgres-exporter":
      return { entrypoint: ["prometheus-postgres-exporter"], command: [], path: SYSTEM_PATH, mounts: {} };
    case "library/busybox":
      return { entrypoint: [], command: ["sh"], path: artifacts.busybox, mounts: {} };
    default:
      throw new Error(`no way to run image ${image} on this machine`);
  }
}

/** The process a container runs: Kubernetes' command/args over the image's entrypoint/command. */
export function argvFor(container: ContainerPlan, runtime: ImageRuntime): string[] {
  const argv = container.command ? [...container.command, ...(container.args ?? [])] : [...runtime.entrypoint, ...(container.args ?? runtime.command)];
  if (argv.length === 0) throw new Error(`container ${container.name}: the image has no command and the manifest gives none`);
  return argv;
}
