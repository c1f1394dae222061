// Prints vitest's result as one plain line, "N passed, N failed, N skipped", for CI logs.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(new URL("../out/vitest.json", import.meta.url), "utf8")) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
process.exit(report.numFailedTests > 0 || report.numPassedTests === 0 ? 1 : 0);
