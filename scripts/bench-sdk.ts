// npm run bench:sdk: the SDK's speed against issue 12's goals. validate() over the agreement
// corpus's valid documents (each the chart defaults plus what a user changes), in documents a
// second (goal: 10,000 or more); and render() against the raw `helm template` it runs, on the same
// values and helm, in alternating runs, medians printed (goal: at most 1.1×). Figures, not pass/fail.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { render, toYaml, validate, type Manifests } from "../sdk/src/index.ts";
import { chartDir, ciValuesDir, helms } from "../test/helpers/helm.ts";
import { validDocuments } from "../test/agreement/corpus.ts";
import { fromYaml } from "../sdk/src/yaml.ts";
import { markdownTable } from "./load.ts";

const runs = Number(process.env.SDK_BENCH_RUNS ?? 20);
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[samples.length >> 1]!;
const rows: string[][] = [];

// validate: a warm-up pass (the schema compiles once), then as many passes as fit in two seconds
const documents = validDocuments.map((d) => d.values);
for (const values of documents) if (!validate(values).ok) throw new Error("a valid corpus document failed validate(): run the agreement tests");
let count = 0;
const started = performance.now();
while (performance.now() - started < 2000) validate(documents[count++ % documents.length]);
const perSecond = count / ((performance.now() - started) / 1000);
rows.push(["validate()", `${documents.length} valid corpus documents`, `${Math.round(perSecond).toLocaleString("en-US")} documents/s`, "", "≥ 10,000/s"]);

const work = mkdtempSync(join(tmpdir(), "bench-sdk-"));
try {
  for (const helm of [...helms].reverse()) {
    const values = fromYaml(readFileSync(join(ciValuesDir, "monitoring-values.yaml"), "utf8"));
    const file = join(work, "values.yaml");
    writeFileSync(file, toYaml(values));
    // render() alone (it parses nothing yet), then with what a caller reads: one kind through a typed
    // accessor, or every object; raw helm runs before each, and its median is over all of them
    const uses = [
      { what: "render()", goal: "≤ 1.10×", read: () => {} },
      { what: 'render() + deployments("posts")', goal: "", read: (m: Manifests) => m.deployments("posts") },
      { what: "render() + every object (all)", goal: "", read: (m: Manifests) => m.all },
    ];
    const raw: number[] = [];
    const sdk: number[][] = uses.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (const [j, use] of uses.entries()) {
        let start = performance.now();
        const result = spawnSync(helm.path, ["template", "blog", chartDir, "-n", "default", "-f", file], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
        raw.push(performance.now() - start);
        if (result.status !== 0) throw new Error(`helm ${helm.version} template failed:\n${result.stderr}`);
        start = performance.now();
        use.read(await render(values, { helm: helm.path }));
        sdk[j]!.push(performance.now() - start);
      }
    }
    const r = median(raw);
    for (const [j, use] of uses.entries()) {
      const s = median(sdk[j]!);
      rows.push([`${use.what}, helm ${helm.version}`, "ci/monitoring-values.yaml", `${s.toFixed(1)} ms`, `${r.toFixed(1)} ms raw helm template, ${(s / r).toFixed(2)}×`, use.goal]);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`The SDK's speed: validate() for 2 s; render() and raw helm template alternating, medians of ${runs}\n`);
console.log(markdownTable(["what", "on", "figure", "against", "goal"], rows));
