import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";
import type { HrConditions } from "../../schema/hr-conditions";
import { normalizeMatcher } from "../../model/membership-rule";

/** A dynamic rule can match somebody: userType only takes Member or Guest, and HR attributes are empty on guests. */
function matchesNobody(when: HrConditions): string | undefined {
  const t = when.userType !== undefined ? normalizeMatcher(when.userType) : undefined;
  if (t?.op === "in" && t.values.every((v) => v !== "Member" && v !== "Guest")) return `userType is only ever Member or Guest, not ${t.values.join(", ")}`;
  if (t?.op === "in" && t.values.length === 1 && t.values[0] === "Guest" && (when.employeeType || when.department || when.employeeId)) return "guests have no HR record (employeeType, department, employeeId)";
  return undefined;
}

export function hygDynamicRuleMatchesSomebody(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const g of ctx.catalog.groups) if (g.spec.membership.type === "dynamic") {
    const why = matchesNobody(g.spec.membership.when);
    if (why) out.push(at(g, "groups", `The dynamic rule of group '${g.id}' can match nobody: ${why}.`, ["membership", "when"]));
  }
  for (const r of ctx.catalog.businessRoles) if (r.spec.assignment?.type === "birthright") {
    const why = matchesNobody(r.spec.assignment.when);
    if (why) out.push(at(r, "businessRoles", `The birthright rule of role '${r.id}' can match nobody: ${why}.`, ["assignment", "when"]));
  }
  return out;
}
