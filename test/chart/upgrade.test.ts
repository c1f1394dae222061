// An upgrade from the last released chart (its archive in ci/released/) to the current one changes
// no immutable field, for every ci values file, unless the major version changed.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { chartDir, ciValuesDir, ciValuesFiles, helms, parseManifests, renderObjects } from "../helpers/helm.ts";
import { immutableChanges } from "../helpers/immutable.ts";
import { execa } from "execa";

const releasedDir = new URL("../../ci/released/", import.meta.url).pathname;
const version = (v: string) => v.split(".").map(Number) as [number, number, number];
const newer = (a: string, b: string) => {
  const [x, y] = [version(a), version(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
const current: string = parse(readFileSync(`${chartDir}/Chart.yaml`, "utf8")).version;
// every released archive counts, the newest last: one newer than Chart.yaml means the chart fell behind a release
const released = readdirSync(releasedDir)
  .map((f) => /^blog-platform-(\d+\.\d+\.\d+)\.tgz$/.exec(f)?.[1])
  .filter((v): v is string => v !== undefined)
  .sort(newer);
const previous = released.at(-1)!;
// a major version may break upgrades, if its changelog entry says how to upgrade
const newestChangelogEntry = readFileSync(`${chartDir}/CHANGELOG.md`, "utf8").split(/^## /m)[1]!;
const breakingAllowed = version(current)[0] > version(previous)[0] && /upgrad/i.test(newestChangelogEntry);
/** The immutable-field changes an upgrade may not make: all of them, unless a major version explains itself. */
const forbidden = (changes: string[]) => (breakingAllowed ? [] : changes);

describe(`upgrade from ${previous} to ${current}`, () => {
  it("has a released archive to compare with, and the current version is not behind it", () => {
    expect(previous).toBeDefined();
    expect(newer(current, previous), `Chart.yaml's ${current} is behind the released ${previous}`).toBeGreaterThanOrEqual(0);
  });

  it.each(ciValuesFiles)("changes no immutable field with ci/%s", async (file) => {
    const values = `${ciValuesDir}/${file}`;
    const old = await execa(helms[1]!.path, ["template", "blog", `${releasedDir}blog-platform-${previous}.tgz`, "--namespace", "blog", "-f", values]);
    const now = await renderObjects(helms[1]!, [values]);
    expect(forbidden(immutableChanges(parseManifests(old.stdout), now)), `a major version's CHANGELOG.md entry must say how to upgrade past these`).toEqual([]);
  });

  it("the check catches a changed selector and a changed volumeClaimTemplate", async () => {
    const before = await renderObjects(helms[1]!, [`${ciValuesDir}/default-values.yaml`]);
    const after = structuredClone(before);
    const deployment = after.find((o) => o.kind === "Deployment" && o.metadata.name === "blog-posts")!;
    deployment.spec.selector.matchLabels["app.kubernetes.io/version"] = "0.2.0";
    const statefulSet = after.find((o) => o.kind === "StatefulSet")!;
    statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage = "20Gi";
    expect(immutableChanges(before, after)).toEqual([
      'Deployment blog-posts: spec.selector changed from {"matchLabels":{"app.kubernetes.io/name":"posts","app.kubernetes.io/instance":"blog","app.kubernetes.io/component":"posts"}} to {"matchLabels":{"app.kubernetes.io/name":"posts","app.kubernetes.io/instance":"blog","app.kubernetes.io/component":"posts","app.kubernetes.io/version":"0.2.0"}}',
      expect.stringMatching(/^StatefulSet blog-postgres: spec.volumeClaimTemplates changed from .*"8Gi".* to .*"20Gi"/),
    ]);
  });
});
