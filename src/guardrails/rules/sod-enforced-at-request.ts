import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/**
 * A report-only SoD rule whose conflicting sets each name a requestable business role is enforced at request time:
 * otherwise anyone may request both roles, and only approvers stand between them and both duties.
 */
export function sodEnforcedAtRequest(ctx: RuleContext): Violation[] {
  const requestable = new Set(ctx.catalog.businessRoles.filter((r) => r.spec.assignment?.type === "request").map((r) => r.id));
  return ctx.catalog.sodRules.flatMap((rule) => {
    if (rule.spec.enforcement !== "reportOnly") return [];
    const sets = rule.spec.conflictingSets.map((s) =>
      s.entitlements.filter((e) => e.startsWith("role:") && requestable.has(e.slice("role:".length))).map((e) => e.slice("role:".length)),
    );
    const withRoles = sets.map((roles, i) => ({ roles, name: rule.spec.conflictingSets[i]!.name })).filter((s) => s.roles.length > 0);
    if (withRoles.length < 2) return [];
    const [a, b] = withRoles as [(typeof withRoles)[number], (typeof withRoles)[number]];
    return [
      at(
        rule,
        "sodRules",
        `SoD rule '${rule.id}' is report only, but '${a.roles[0]}' ('${a.name}') and '${b.roles[0]}' ('${b.name}') can both be requested: Entra would grant both to one person if approvers agree.`,
      ),
    ];
  });
}
