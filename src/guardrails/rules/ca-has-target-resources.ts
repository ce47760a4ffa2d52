import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Every policy targets at least one application or user action, and includes somebody. MT.1184 */
export function caHasTargetResources(ctx: RuleContext): Violation[] {
  return ctx.catalog.conditionalAccessPolicies
    .filter((p) => {
      const u = p.spec.users.include;
      return !u.all && u.groups.length + u.roles.length + u.users.length + u.guestsOrExternalUsers.length === 0;
    })
    .map((p) => at(p, "conditionalAccessPolicies", `Policy '${p.id}' includes nobody: it applies to no sign-in.`, ["users", "include"]));
}
