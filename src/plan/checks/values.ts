/**
 * Reading attribute values of `terraform show -json`: nested blocks are lists of one object, values Terraform knows
 * only after apply are missing from `after` (null inside lists) and `true` at the same place in `after_unknown`.
 */

export type Values = Readonly<Record<string, unknown>>;

export function isValues(v: unknown): v is Values {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The object of a nested block (a list of one object in plan JSON, an object in configuration). */
export function blockOf(v: unknown): Values | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return isValues(x) ? x : undefined;
}

/** The value at a path of attribute names, through nested blocks. */
export function at(values: unknown, ...path: string[]): unknown {
  let current: unknown = values;
  for (const key of path) {
    const block = blockOf(current);
    if (!block || !Object.hasOwn(block, key)) return undefined;
    current = block[key];
  }
  return current;
}

/** The strings of a list attribute (absent, null or not a list: none). */
export function stringsAt(values: unknown, ...path: string[]): string[] {
  const v = at(values, ...path);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** A string attribute, or undefined when absent, null or empty (the provider writes "" for unset strings). */
export function stringAt(values: unknown, ...path: string[]): string | undefined {
  const v = at(values, ...path);
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function boolAt(values: unknown, ...path: string[]): boolean | undefined {
  const v = at(values, ...path);
  return typeof v === "boolean" ? v : undefined;
}

/** Whether anything at or under a path of `after_unknown` is unknown. */
export function unknownAt(afterUnknown: unknown, ...path: string[]): boolean {
  let current: unknown = afterUnknown;
  for (const key of path) {
    if (current === true) return true;
    const block = blockOf(current);
    if (!block || !Object.hasOwn(block, key)) return false;
    current = block[key];
  }
  return containsTrue(current);
}

function containsTrue(v: unknown): boolean {
  if (v === true) return true;
  if (Array.isArray(v)) return v.some(containsTrue);
  if (isValues(v)) return Object.values(v).some(containsTrue);
  return false;
}

/** Case-insensitive set of object IDs (Graph compares them without case). */
export function idSet(values: readonly string[]): Set<string> {
  return new Set(values.map((v) => v.toLowerCase()));
}

/** Items of `after` not in `before`, and of `before` not in `after`, compared without case. */
export function setDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const b = idSet(before);
  const a = idSet(after);
  return { added: [...new Set(after.filter((x) => !b.has(x.toLowerCase())))], removed: [...new Set(before.filter((x) => !a.has(x.toLowerCase())))] };
}

/**
 * A value as it appears in a trip message: JSON (so quotes, newlines and control characters from a plan are
 * escaped and the message stays on one line) with `<` escaped, so no plan value can open markup in a report.
 */
export function show(v: unknown): string {
  if (v === undefined || v === null || v === "") return "(none)";
  return JSON.stringify(v).replace(/</g, "\\u003c");
}

/** A list as it appears in a trip message. */
export function showList(values: readonly unknown[]): string {
  return values.length ? show(values) : "[]";
}
