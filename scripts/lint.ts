// npm run lint (part of npm test): ESLint over the test suites with the rules that keep a test from
// passing without proving anything (tools/lint/eslint.config.js). The linter lives in tools/lint with
// its own lock file, installed here when missing or stale: typescript-eslint needs TypeScript 5.9's
// JavaScript API, beside the native TypeScript 7 that compiles the project.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

const repo = new URL("../", import.meta.url).pathname;
const tool = join(repo, "tools/lint");
// npm writes node_modules/.package-lock.json at each install: older than the lock file means stale
const installed = join(tool, "node_modules/.package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(tool, "package-lock.json")).mtimeMs) execFileSync("npm", ["ci", "--prefix", tool, "--no-audit", "--no-fund"], { stdio: "inherit" });

const suites = ["test", "sdk/test", "services/auth/test", "services/posts/test", "services/comments/test", "services/images/test", "services/runtime/test"];
execFileSync(join(tool, "node_modules/.bin/eslint"), ["--config", join(tool, "eslint.config.js"), "--max-warnings=0", ...suites], { cwd: repo, stdio: "inherit" });
