import type { RuleContext, Violation } from "../types";
import { atEnvironment, blocks, counts } from "../private/helpers";

/** Users with high user risk are blocked. MS.AAD.2.1 */
export function caBlocksHighUserRisk(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && blocks(p) && p.spec.userRiskLevels?.includes("high"));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy for all users and all apps blocks high user risk in environment '${ctx.view.environment.id}'.`)];
}
