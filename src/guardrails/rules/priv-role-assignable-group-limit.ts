import type { RuleContext, Violation } from "../types";
import { atEnvironment } from "../private/helpers";

/** At most 500 role-assignable groups per tenant (an Entra limit). */
export function privRoleAssignableGroupLimit(ctx: RuleContext): Violation[] {
  const n = ctx.catalog.groups.filter((g) => g.spec.assignableToRole).length + ctx.catalog.privilegedRoles.length;
  return n <= 500 ? [] : [atEnvironment(ctx, `The catalog creates ${n} role-assignable groups; Entra allows 500 per tenant.`)];
}
