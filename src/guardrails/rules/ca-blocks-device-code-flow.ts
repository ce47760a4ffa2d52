import type { RuleContext, Violation } from "../types";
import { atEnvironment, blocks, counts } from "../private/helpers";

/** Device code flow is blocked. MS.AAD.3.9, MT.1052 */
export function caBlocksDeviceCodeFlow(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && blocks(p) && p.spec.authenticationFlows?.includes("deviceCodeFlow"));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy for all users and all apps blocks the device code flow in environment '${ctx.view.environment.id}'.`)];
}
