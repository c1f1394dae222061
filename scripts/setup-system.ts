// Makes sure the Debian tools the tests run are present: yamllint, promtool (prometheus), nginx, the
// OCI registry (docker-registry), Postgres, Redis, iproute2/util-linux for the network namespaces
// of the gateway test, Chromium for the frontend's browser test (driven by playwright-core; never a
// downloaded browser), and what the test cluster runs and builds with (containerd, runc, the CNI
// plugins, nftables, iptables and ipset, buildah, debootstrap, ...). As root it installs what is
// missing with apt-get; otherwise it names the exact command to run and stops.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** command on PATH (or an absolute path to a file) → the Debian package that provides it */
const tools: Record<string, string> = {
  yamllint: "yamllint",
  promtool: "prometheus",
  nginx: "nginx-light",
  "docker-registry": "docker-registry",
  "redis-server": "redis-server",
  "/usr/lib/postgresql/15/bin/initdb": "postgresql",
  ip: "iproute2",
  unshare: "util-linux",
  chromium: "chromium",
  // npm run cluster:up: the container runtime, pod network (kube-proxy's nftables rules, nsenter
  // into the node's namespace) and image builds of the test cluster
  nft: "nftables",
  nsenter: "util-linux",
  // kube-router's NetworkPolicy firewall
  iptables: "iptables",
  ipset: "ipset",
  containerd: "containerd",
  runc: "runc",
  "/usr/lib/cni/bridge": "containernetworking-plugins",
  buildah: "buildah",
  debootstrap: "debootstrap",
  socat: "socat",
  conntrack: "conntrack",
  openssl: "openssl",
  gcc: "gcc",
  "/usr/lib/x86_64-linux-gnu/libc.a": "libc6-dev",
  // a font for Chromium's pages and screenshots (a bare install may have none)
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": "fonts-dejavu-core",
};

const onPath = (command: string) => (command.startsWith("/") ? existsSync(command) : spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0);
const missing = [...new Set(Object.entries(tools).filter(([command]) => !onPath(command)).map(([, pkg]) => pkg))];

if (missing.length > 0) {
  const install = `apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    console.error(`the tests need Debian packages that are not installed: ${missing.join(", ")}\nrun: sudo apt-get update && sudo ${install}`);
    process.exit(1);
  }
  console.log(`installing ${missing.join(", ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("sh", ["-c", `${install} -qq`], { stdio: "inherit", env });
  // the packages' own services are not ours to run: the tests start what they use on loopback
  for (const service of ["containerd", "nginx", "prometheus", "prometheus-node-exporter", "docker-registry", "postgresql", "redis-server"]) {
    spawnSync("sh", ["-c", `command -v service >/dev/null && service ${service} stop`], { stdio: "ignore" });
  }
}
for (const command of Object.keys(tools)) if (!onPath(command)) throw new Error(`${command} is still missing after the install`);
