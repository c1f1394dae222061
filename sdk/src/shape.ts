// Finds what a values object holds that YAML, and so Helm, cannot carry: cycles, functions, class
// instances, non-finite numbers. Run before merging and schema validation, which would loop forever
// on a cycle or judge a Date as a map.
import { formatPath, type PathSegment } from "./path.ts";
import type { ValuesError } from "./errors.ts";

export function shapeErrors(values: unknown): ValuesError[] {
  const errors: ValuesError[] = [];
  const ancestors: { node: object; path: PathSegment[] }[] = [];

  const visit = (value: unknown, path: PathSegment[]): void => {
    const at = formatPath(path);
    const problem = unrepresentable(value);
    if (problem) {
      errors.push({ path: at, message: `${problem}: values must be plain data (maps, lists, strings, numbers, booleans, null)`, keyword: "type" });
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const loop = ancestors.find((a) => a.node === value);
    if (loop) {
      const target = formatPath(loop.path) || "the top level";
      errors.push({ path: at, message: `refers back to ${target} (a cycle): values must form a tree`, keyword: "cycle" });
      return;
    }
    ancestors.push({ node: value, path });
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (value[i] === undefined) errors.push({ path: formatPath([...path, i]), message: "is undefined (a hole in the list)", keyword: "type" });
        else visit(value[i], [...path, i]);
      }
    } else {
      for (const [key, item] of Object.entries(value)) if (item !== undefined) visit(item, [...path, key]);
    }
    ancestors.pop();
  };

  visit(values, []);
  return errors;
}

function unrepresentable(value: unknown): string | undefined {
  switch (typeof value) {
    case "function":
      return "is a function";
    case "symbol":
      return "is a symbol";
    case "bigint":
      return "is a bigint";
    case "number":
      return Number.isFinite(value) ? undefined : `is ${value}`;
    case "object": {
      if (value === null || Array.isArray(value)) return undefined;
      const proto = Object.getPrototypeOf(value) as object | null;
      if (proto === Object.prototype || proto === null) return undefined;
      return `is a ${(proto.constructor as { name?: string } | undefined)?.name || "class instance"} object`;
    }
    default:
      return undefined;
  }
}
