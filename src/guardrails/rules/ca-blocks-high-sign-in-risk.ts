import type { RuleContext, Violation } from "../types";
import { atEnvironment, blocks, counts } from "../private/helpers";

/** Sign-ins with high sign-in risk are blocked. MS.AAD.2.3 */
export function caBlocksHighSignInRisk(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && blocks(p) && p.spec.signInRiskLevels?.includes("high"));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy for all users and all apps blocks high sign-in risk in environment '${ctx.view.environment.id}'.`)];
}
