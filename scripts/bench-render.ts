// npm run bench:render: how long `helm template` of the chart takes with ci/monitoring-values.yaml,
// against the `helm create` scaffold's template in the same run (issue: at most 2× with schema
// validation, at most 1.5× with --skip-schema-validation). Runs alternate between the commands, so
// that the machine's drift hits them alike; medians are printed. Figures, not pass/fail.
// A third chart holds the chart's own output as plain templates: what helm needs just to emit
// these objects, with no values, schema or template logic, so the ratios can be read against it.
import { spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { chartDir, ciValuesDir, helms, type Helm } from "../test/helpers/helm.ts";
import { markdownTable } from "./load.ts";

const runs = Number(process.env.RENDER_BENCH_RUNS ?? 30);
const values = join(ciValuesDir, "monitoring-values.yaml");
const work = mkdtempSync(join(tmpdir(), "bench-render-"));

/** The chart's rendered objects as a chart of static templates (`{{` escaped). */
function outputChart(helm: Helm): string {
  const dir = join(work, `output-${helm.version}`);
  mkdirSync(join(dir, "templates"), { recursive: true });
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: output\nversion: 0.1.0\n");
  const rendered = execFileSync(helm.path, ["template", "t", chartDir, "-f", values], { encoding: "utf8", maxBuffer: 64 << 20 });
  const documents = parseAllDocuments(rendered).filter((doc) => doc.contents !== null);
  documents.forEach((doc, i) => writeFileSync(join(dir, "templates", `object-${i}.yaml`), doc.toString().replaceAll("{{", '{{ "{{" }}')));
  return dir;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

const rows: string[][] = [];
try {
  for (const helm of [...helms].reverse()) {
    const scaffold = join(work, `scaffold-${helm.version}`);
    execFileSync(helm.path, ["create", scaffold], { stdio: "ignore" });
    const commands = {
      scaffold: ["template", "t", scaffold],
      chart: ["template", "t", chartDir, "-f", values],
      scaffoldSkip: ["template", "t", scaffold, "--skip-schema-validation"],
      chartSkip: ["template", "t", chartDir, "-f", values, "--skip-schema-validation"],
      output: ["template", "t", outputChart(helm)],
    };
    const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, [] as number[]])) as Record<keyof typeof commands, number[]>;
    for (let i = 0; i < runs; i++) {
      for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
        const start = process.hrtime.bigint();
        const result = spawnSync(helm.path, args, { stdio: ["ignore", "ignore", "pipe"] });
        samples[name].push(Number(process.hrtime.bigint() - start) / 1e6);
        if (result.status !== 0) throw new Error(`helm ${helm.version} ${args.join(" ")} failed:\n${result.stderr}`);
      }
    }
    const m = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)])) as Record<keyof typeof commands, number>;
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
    rows.push(
      [helm.version, "schema validation on", ms(m.chart), ms(m.scaffold), ratio(m.chart, m.scaffold), "≤ 2.00×"],
      [helm.version, "--skip-schema-validation", ms(m.chartSkip), ms(m.scaffoldSkip), ratio(m.chartSkip, m.scaffoldSkip), "≤ 1.50×"],
      [helm.version, "the output alone, as static templates", ms(m.output), ms(m.scaffoldSkip), ratio(m.output, m.scaffoldSkip), "(floor)"],
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`helm template, ci/monitoring-values.yaml against the helm create scaffold: medians of ${runs} alternating runs\n`);
console.log(markdownTable(["helm", "render", "chart", "scaffold", "ratio", "goal"], rows));
