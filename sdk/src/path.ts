// Value paths in the dot form people write (`gateway.tolerations[0].effect`), to and from segments.

export type PathSegment = string | number;

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `["a", 0, "b.c"]` → `a[0]["b.c"]`: keys that are not plain identifiers are quoted. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The inverse of `formatPath`; a malformed path yields the segments read before the fault. */
export function parsePath(path: string): PathSegment[] {
  const token = /(?:^|\.)([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  const segments: PathSegment[] = [];
  let match: RegExpExecArray | null;
  while (token.lastIndex < path.length && (match = token.exec(path))) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]!) as string);
  }
  return segments;
}

/** What `values` holds at the path; `present` is false where a key is missing or undefined (`null` is present). */
export function lookupPath(values: unknown, segments: readonly PathSegment[]): { present: boolean; value?: unknown } {
  let node = values;
  for (const segment of segments) {
    if (node === null || typeof node !== "object" || !(segment in node)) return { present: false };
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node === undefined ? { present: false } : { present: true, value: node };
}

/** The value at the path, or undefined. */
export const valueAtPath = (values: unknown, segments: readonly PathSegment[]): unknown => lookupPath(values, segments).value;
