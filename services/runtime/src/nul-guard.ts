// Postgres text cannot hold U+0000: a NUL in a title, a comment or a query parameter reached the
// query and came back as a 500. createService (service.ts) refuses it for every route of every
// service, before validation and before any handler runs: 422 naming the field (the innermost key)
// or the parameter.

/** The key under which the first string (or key) holding a NUL sits, or undefined. */
export function fieldWithNul(value: unknown, key: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? key : undefined;
  if (Array.isArray(value)) return value.map((item) => fieldWithNul(item, key)).find(Boolean);
  if (value !== null && typeof value === "object") {
    for (const [name, inner] of Object.entries(value)) {
      const found = name.includes("\u0000") ? key : fieldWithNul(inner, name);
      if (found) return found;
    }
  }
  return undefined;
}
