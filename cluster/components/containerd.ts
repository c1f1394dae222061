// containerd with its CRI plugin (Debian's containerd and runc): one per node, with its own root,
// state and socket, the overlayfs snapshotter, cgroupfs (no systemd on these machines), the pause
// image we build, and the node's CNI config (cluster/components/cni.ts). Images are imported, never
// pulled: no registry is reachable here.
import { execa } from "execa";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nodeDir } from "../paths.ts";
import { startDaemon, waitUntilReady } from "../daemons.ts";
import { nodeCommand } from "../network.ts";
import { pauseImage } from "../versions.ts";
import { cniBinDir, cniConfDir } from "./cni.ts";

/** Short paths under /run for sockets (a unix socket path has at most 107 bytes; a clone may lie deep). */
export const runtimeStateDir = (node: string) => `/run/blog-platform/${node}`;
export const containerdSocket = (node: string) => join(runtimeStateDir(node), "containerd.sock");

function config(node: string): string {
  const root = join(nodeDir(node), "containerd");
  const file = join(nodeDir(node), "containerd.toml");
  mkdirSync(root, { recursive: true });
  writeFileSync(
    file,
    `version = 2
root = "${root}"
state = "${join(runtimeStateDir(node), "state")}"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "${containerdSocket(node)}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${join(root, "opt")}"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  stream_server_address = "127.0.0.1"
  enable_selinux = false
  # lowering a process's OOM score needs CAP_SYS_RESOURCE, which this machine's root lacks: keep
  # every score at or above containerd's own (as kind does for rootless nodes)
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${cniBinDir}"
    conf_dir = "${cniConfDir(node)}"
`,
  );
  return file;
}

export const ctr = (node: string, ...args: string[]) => execa("ctr", ["--address", containerdSocket(node), "--namespace", "k8s.io", ...args]);

export async function startContainerd(node: string): Promise<void> {
  mkdirSync(runtimeStateDir(node), { recursive: true });
  const daemon = startDaemon(`containerd-${node}`, ...nodeCommand(node, "containerd", ["--config", config(node), "--log-level", "warn"]));
  await waitUntilReady(daemon, async () => (await ctr(node, "version")).exitCode === 0);
}
