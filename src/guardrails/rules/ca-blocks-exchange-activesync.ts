import type { RuleContext, Violation } from "../types";
import { atEnvironment, blocks, counts } from "../private/helpers";

/** Exchange ActiveSync clients, which cannot do MFA, are blocked. MT.1010 */
export function caBlocksExchangeActiveSync(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && blocks(p) && p.spec.clientAppTypes?.includes("exchangeActiveSync"));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy for all users and all apps blocks Exchange ActiveSync clients in environment '${ctx.view.environment.id}'.`)];
}
