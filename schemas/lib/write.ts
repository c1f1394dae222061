import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Writes `text` only when it differs, so a second run leaves every mtime alone. Returns whether it wrote. */
export function writeText(file: URL | string, text: string): boolean {
  const path = typeof file === "string" ? file : fileURLToPath(file);
  let current: string | undefined;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    current = undefined;
  }
  if (current === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}

export function writeJson(file: URL | string, value: unknown): boolean {
  return writeText(file, JSON.stringify(value, null, 2) + "\n");
}
