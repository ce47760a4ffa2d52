import { normalizeMatcher } from "../model/membership-rule";
import type { HrConditions } from "../schema/hr-conditions";

/**
 * Whether two HR populations (all conditions must hold) can share a person. They cannot when some attribute's
 * constraints exclude each other: different departments, job titles with incompatible prefixes, a value one
 * includes and the other excludes. Anything not provably disjoint overlaps, so conflicts are not missed.
 * An undefined population means "everybody" (for example requestors of a package open to all members).
 */
export function populationsOverlap(a: HrConditions | undefined, b: HrConditions | undefined): boolean {
  if (!a || !b) return true;
  for (const attribute of Object.keys(a)) {
    const x = a[attribute];
    const y = b[attribute];
    if (x === undefined || y === undefined) continue;
    if (!compatible(normalizeMatcher(x), normalizeMatcher(y))) return false;
  }
  return true;
}

type Norm = ReturnType<typeof normalizeMatcher>;

function compatible(x: Norm, y: Norm): boolean {
  if (x.op === "in" && y.op === "in") return x.values.some((v) => y.values.includes(v));
  if (x.op === "in" && y.op === "startsWith") return x.values.some((v) => y.values.some((p) => v.startsWith(p)));
  if (x.op === "startsWith" && y.op === "in") return compatible(y, x);
  if (x.op === "startsWith" && y.op === "startsWith") return x.values.some((p) => y.values.some((q) => p.startsWith(q) || q.startsWith(p)));
  if (x.op === "in" && y.op === "notIn") return x.values.some((v) => !y.values.includes(v));
  if (x.op === "notIn" && y.op === "in") return compatible(y, x);
  if (x.op === "in" && y.op === "notStartsWith") return x.values.some((v) => !y.values.some((p) => v.startsWith(p)));
  if (x.op === "notStartsWith" && y.op === "in") return compatible(y, x);
  if (x.op === "startsWith" && y.op === "notStartsWith") return x.values.some((p) => !y.values.some((q) => p.startsWith(q)));
  if (x.op === "notStartsWith" && y.op === "startsWith") return compatible(y, x);
  return true; // negations and prefixes together: not provably disjoint
}
