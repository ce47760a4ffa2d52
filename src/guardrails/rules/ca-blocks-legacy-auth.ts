import type { RuleContext, Violation } from "../types";
import { atEnvironment, blocks, counts } from "../private/helpers";

/** Legacy authentication (Exchange ActiveSync and other legacy clients) is blocked for everyone. MS.AAD.1.1, MT.1009 */
export function caBlocksLegacyAuth(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && blocks(p) && ["exchangeActiveSync", "other"].every((c) => p.spec.clientAppTypes?.includes(c as never)));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy for all users and all apps blocks legacy authentication (client app types exchangeActiveSync and other) in environment '${ctx.view.environment.id}'.`)];
}
