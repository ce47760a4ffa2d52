import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Every access package catalog holds at least one access package (no unused catalog resources). MT.1110 */
export function govCatalogsUsed(ctx: RuleContext): Violation[] {
  const used = new Set(ctx.catalog.businessRoles.flatMap((r) => (r.spec.assignment?.type === "request" ? [r.spec.assignment.catalog] : [])));
  return ctx.catalog.accessPackageCatalogs
    .filter((c) => !used.has(c.id))
    .map((c) => at(c, "accessPackageCatalogs", `Catalog '${c.id}' holds no access package.`));
}
