import type { RuleContext, Violation } from "../types";
import { includesSomebody } from "../../model/ca-targeting";
import { at } from "../private/helpers";

/**
 * Every policy targets at least one application or user action, and includes somebody: users, or workload identities
 * (a policy on service principals includes no user, as Entra requires). MT.1184
 */
export function caHasTargetResources(ctx: RuleContext): Violation[] {
  return ctx.catalog.conditionalAccessPolicies
    .filter((p) => !includesSomebody(p.spec.users.include) && !p.spec.clientApplications)
    .map((p) => at(p, "conditionalAccessPolicies", `Policy '${p.id}' includes nobody: it applies to no sign-in.`, ["users", "include"]));
}
