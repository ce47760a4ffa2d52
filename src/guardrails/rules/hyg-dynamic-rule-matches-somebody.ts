import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";
import { whyMatchesNobody as matchesNobody } from "../../model/membership-rule";

export function hygDynamicRuleMatchesSomebody(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const g of ctx.catalog.groups)
    if (g.spec.membership.type === "dynamic") {
      const why = matchesNobody(g.spec.membership.when);
      if (why) out.push(at(g, "groups", `The dynamic rule of group '${g.id}' can match nobody: ${why}.`, ["membership", "when"]));
    }
  for (const r of ctx.catalog.businessRoles)
    if (r.spec.assignment?.type === "birthright") {
      const why = matchesNobody(r.spec.assignment.when);
      if (why) out.push(at(r, "businessRoles", `The birthright rule of role '${r.id}' can match nobody: ${why}.`, ["assignment", "when"]));
    }
  return out;
}
