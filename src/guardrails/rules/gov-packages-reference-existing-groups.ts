import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Access packages grant only groups that exist and that idac can nest the role group into. MT.1107 */
export function govPackagesReferenceExistingGroups(ctx: RuleContext): Violation[] {
  const groups = new Map(ctx.catalog.groups.map((g) => [g.id, g]));
  return ctx.catalog.businessRoles.flatMap((r) =>
    r.spec.assignment?.type === "request" ? r.effectiveGroups.filter((g) => !groups.has(g)).map((g) => at(r, "businessRoles", `Access package '${r.id}' grants group '${g}', which does not exist.`)) : [],
  );
}
