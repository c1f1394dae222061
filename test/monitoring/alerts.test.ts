// The rendered alert rules are checked by the real Prometheus tooling, not by string matching:
// `promtool check rules` parses every expression and template, and `promtool test rules` runs
// alerts.rules-test.yaml, which shows each alert firing on its series and staying quiet otherwise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { ciValuesDir, helms, renderObjects } from "../helpers/helm.ts";

// CI installs Debian's `prometheus` package, which puts promtool on the PATH.
const PROMTOOL = process.env.PROMTOOL ?? "promtool";
const unitTests = fileURLToPath(new URL("./alerts.rules-test.yaml", import.meta.url));

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  [key: string]: unknown;
}
interface RuleGroups {
  groups: { name: string; rules: Rule[] }[];
}

const tempDirs: string[] = [];

/** Write `groups` as rules.yaml beside a copy of the unit tests (their `rule_files` is relative). */
async function workspace(groups: RuleGroups): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "blog-alerts-"));
  tempDirs.push(dir);
  await writeFile(join(dir, "rules.yaml"), stringify(groups));
  await copyFile(unitTests, join(dir, "alerts.rules-test.yaml"));
  return dir;
}

/** Run promtool in `dir`; `all` interleaves stdout and stderr, as promtool reports failures on stderr. */
async function promtool(dir: string, ...args: string[]) {
  const result = await execa(PROMTOOL, args, { cwd: dir, reject: false, all: true });
  const output = `$ promtool ${args.join(" ")} (exit ${result.exitCode ?? result.code})\n${result.all ?? result.message}`;
  return { exitCode: result.exitCode, output };
}

const checkRules = (dir: string) => promtool(dir, "check", "rules", "rules.yaml");
const testRules = (dir: string) => promtool(dir, "test", "rules", "alerts.rules-test.yaml");

/** A deep copy of the groups with one rule changed, so each breakage starts from the real render. */
function breakRule(groups: RuleGroups, alert: string, change: (rule: Rule) => void): RuleGroups {
  const copy = structuredClone(groups);
  const rule = copy.groups.flatMap((g) => g.rules).find((r) => r.alert === alert);
  if (!rule) throw new Error(`no rule ${alert} in the rendered groups`);
  change(rule);
  return copy;
}

const alertNames = (groups: RuleGroups) => groups.groups.flatMap((g) => g.rules.map((r) => r.alert));

describe("PrometheusRule alerts (promtool)", () => {
  let specs: RuleGroups[];
  let rendered: RuleGroups;

  beforeAll(async () => {
    specs = await Promise.all(
      helms.map(async (helm) => {
        const objects = await renderObjects(helm, [`${ciValuesDir}/monitoring-values.yaml`]);
        const rule = objects.find((o) => o.kind === "PrometheusRule");
        if (!rule) throw new Error(`helm ${helm.version} rendered no PrometheusRule with monitoring-values.yaml`);
        return rule.spec as RuleGroups;
      }),
    );
    rendered = specs[0]!;
  });

  afterAll(async () => {
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("renders the same rule groups with helm 3 and helm 4", () => {
    expect(specs[1]).toEqual(specs[0]);
  });

  it("unit-tests every rendered alert, firing and quiet", async () => {
    // A new alert without cases would otherwise pass `promtool test rules` silently.
    const tests = parse(await readFile(unitTests, "utf8")) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test);
    for (const alert of alertNames(rendered)) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(mine.some((c) => c.exp_alerts.length > 0), `${alert} has no case where it fires`).toBe(true);
      expect(mine.some((c) => c.exp_alerts.length === 0), `${alert} has no case where it stays quiet`).toBe(true);
    }
  });

  it("passes promtool check rules", async () => {
    const { exitCode, output } = await checkRules(await workspace(rendered));
    expect(exitCode, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${alertNames(rendered).length} rules found`);
  });

  it("passes promtool test rules: each alert fires on its series and stays quiet otherwise", async () => {
    const { exitCode, output } = await testRules(await workspace(rendered));
    expect(exitCode, output).toBe(0);
    expect(output).toContain("SUCCESS");
  });

  // The checks above are only worth something if they can fail, and fail naming the alert.
  describe("a broken rule fails with the alert named", () => {
    it.each([
      ["a longer `for`", (r: Rule) => void (r.for = "15m")],
      ["a higher threshold", (r: Rule) => void (r.expr = r.expr.replace(/> 0\.05\s*$/, "> 0.5"))],
    ])("promtool test rules fails when HighErrorRate gets %s", async (_what, change) => {
      const broken = breakRule(rendered, "HighErrorRate", change);
      expect(broken).not.toEqual(rendered);
      const { exitCode, output } = await testRules(await workspace(broken));
      expect(exitCode, output).not.toBe(0);
      expect(output).toMatch(/FAILED:[\s\S]*alertname: HighErrorRate/);
    });

    it("promtool check rules fails on a syntax error in HighErrorRate's expression", async () => {
      const broken = breakRule(rendered, "HighErrorRate", (r) => void (r.expr = r.expr.replace("[5m]))", "[5m])")));
      expect(broken).not.toEqual(rendered);
      const { exitCode, output } = await checkRules(await workspace(broken));
      expect(exitCode, output).not.toBe(0);
      expect(output).toMatch(/"HighErrorRate": could not parse expression/);
    });
  });
});
