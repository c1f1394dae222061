// Prints the result of both vitest runs (the unit suite, then the cluster suite) as one plain line,
// "N passed, N failed, N skipped", for CI logs.
import { readFileSync } from "node:fs";

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}
const reports = ["unit", "cluster"].map((suite) => JSON.parse(readFileSync(new URL(`../out/vitest-${suite}.json`, import.meta.url), "utf8")) as Report);
const sum = (key: keyof Report) => reports.reduce((n, r) => n + r[key], 0);
console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
process.exit(sum("numFailedTests") > 0 || reports.some((r) => r.numPassedTests === 0) ? 1 : 0);
