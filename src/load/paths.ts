import path from "node:path";

/** Whether `inner` lies strictly inside `outer` (both absolute, normalised real paths). */
export function isWithin(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
