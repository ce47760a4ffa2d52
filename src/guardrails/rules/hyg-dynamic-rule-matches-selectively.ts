import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";
import { matchesEverybody as everybody } from "../../model/membership-rule";

export function hygDynamicRuleMatchesSelectively(ctx: RuleContext): Violation[] {
  return [
    ...ctx.catalog.groups
      .filter((g) => g.spec.membership.type === "dynamic" && everybody(g.spec.membership.when))
      .map((g) =>
        at(g, "groups", `The dynamic rule of group '${g.id}' has no positive HR condition: it matches every enabled account.`, ["membership", "when"]),
      ),
    ...ctx.catalog.businessRoles
      .filter((r) => r.spec.assignment?.type === "birthright" && everybody(r.spec.assignment.when))
      .map((r) => at(r, "businessRoles", `Birthright role '${r.id}' has no positive HR condition: everybody gets it.`, ["assignment", "when"])),
  ];
}
