import type { ConditionalAccessPolicy } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { baseline, blocks } from "../private/helpers";

/** Exchange ActiveSync clients, which cannot do MFA, are blocked. MT.1010 */
export function caBlocksExchangeActiveSync(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "blocks Exchange ActiveSync clients",
    control: "MT.1010",
    matches: (p: ConditionalAccessPolicy) => blocks(p) && p.spec.clientAppTypes?.includes("exchangeActiveSync") === true,
    missing: `No enabled policy for all users and all apps blocks Exchange ActiveSync clients in environment '${ctx.view.environment.id}'.`,
  });
}
