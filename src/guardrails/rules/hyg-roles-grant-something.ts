import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Every business role grants something. */
export function hygRolesGrantSomething(ctx: RuleContext): Violation[] {
  return ctx.catalog.businessRoles
    .filter((r) => r.effectiveGroups.length + r.effectiveAppRoles.length === 0)
    .map((r) => at(r, "businessRoles", `Business role '${r.id}' grants no group and no app role.`, ["entitlements"]));
}
