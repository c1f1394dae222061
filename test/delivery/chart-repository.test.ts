// The chart as users get it from a chart repository: `helm package`, an index.yaml served over HTTP
// on loopback, then `helm repo add`, `helm search repo` and `helm template` from it, on both helms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { chartDir, chartVersion, ciValuesDir, helms, helmTemplate } from "../helpers/helm.ts";
import { isolatedHelm, packageChart } from "./chart-package.ts";

let archive: string;
let server: Server;
let url: string;

beforeAll(async () => {
  archive = await packageChart();
  const dir = dirname(archive);
  server = createServer((request, response) => {
    const file = join(dir, basename(request.url ?? "/"));
    if (!existsSync(file)) return response.writeHead(404).end();
    response.writeHead(200);
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await execa(helms[1]!.path, ["repo", "index", dir, "--url", url]);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the packaged chart", () => {
  it("carries every schema, the changelog and the Artifact Hub annotations", async () => {
    const { stdout } = await execa("tar", ["-tzf", archive]);
    const entries = stdout.split("\n");
    expect(entries).toContain("blog-platform/values.schema.json");
    for (const sub of ["gateway", "frontend", "auth", "posts", "comments", "images", "postgres", "redis", "monitoring"]) {
      expect(entries).toContain(`blog-platform/charts/${sub}/values.schema.json`);
    }
    expect(entries).toContain("blog-platform/CHANGELOG.md");
    expect(entries).toContain("blog-platform/charts/blog-lib/templates/_labels.tpl");
  });

  it("lists in artifacthub.io/changes exactly the newest CHANGELOG.md entry", () => {
    const chart = parse(readFileSync(`${chartDir}/Chart.yaml`, "utf8"));
    const changes = parse(chart.annotations["artifacthub.io/changes"]) as Array<{ kind: string; description: string }>;
    const changelog = readFileSync(`${chartDir}/CHANGELOG.md`, "utf8");
    const newest = changelog.split(/^## /m)[1]!;
    expect(newest.startsWith(`${chart.version}\n`)).toBe(true);
    const lines = newest.split("\n").filter((l) => l.startsWith("- ")).map((l) => l.slice(2));
    expect(lines).toEqual(changes.map((c) => `${c.kind[0]!.toUpperCase()}${c.kind.slice(1)}: ${c.description}`));
  });

  it("lists in artifacthub.io/images exactly the images of the default install", async () => {
    const chart = parse(readFileSync(`${chartDir}/Chart.yaml`, "utf8"));
    const listed = (parse(chart.annotations["artifacthub.io/images"]) as Array<{ image: string }>).map((i) => i.image).sort();
    const rendered = await helmTemplate(helms[1]!, [`${ciValuesDir}/default-values.yaml`]);
    const used = [...new Set([...rendered.stdout.matchAll(/^\s+image: (\S+)$/gm)].map((m) => m[1]!))].sort();
    expect(listed).toEqual(used);
  });
});

describe.each(helms)("helm $version from the chart repository", (helm) => {
  it("adds the repository, finds the chart and renders it as the local chart renders", async () => {
    const run = isolatedHelm(helm);
    const added = await run(["repo", "add", "blog", url]);
    expect(added.exitCode, String(added.stderr)).toBe(0);
    const search = await run(["search", "repo", "blog/blog-platform", "--output", "json"]);
    expect(JSON.parse(String(search.stdout))).toEqual([
      expect.objectContaining({ name: "blog/blog-platform", version: chartVersion, app_version: "0.1.0" }),
    ]);
    const values = `${ciValuesDir}/default-values.yaml`;
    const remote = await run(["template", "blog", "blog/blog-platform", "--version", chartVersion, "--namespace", "blog", "-f", values]);
    expect(remote.exitCode, String(remote.stderr)).toBe(0);
    const local = await helmTemplate(helm, [values]);
    expect(String(remote.stdout)).toBe(local.stdout);
  });
});
