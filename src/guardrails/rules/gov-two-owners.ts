import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Every group and every access package has at least two owners. */
export function govTwoOwners(ctx: RuleContext): Violation[] {
  return [
    ...ctx.catalog.groups
      .filter((g) => new Set(g.spec.owners).size < 2)
      .map((g) => at(g, "groups", `Group '${g.id}' has ${new Set(g.spec.owners).size} owner; two are needed so it is never orphaned.`, ["owners"])),
    ...ctx.catalog.businessRoles
      .filter((r) => r.spec.assignment?.type === "request" && new Set(r.spec.owners).size < 2)
      .map((r) => at(r, "businessRoles", `Access package '${r.id}' has one owner; two are needed.`, ["owners"])),
  ];
}
