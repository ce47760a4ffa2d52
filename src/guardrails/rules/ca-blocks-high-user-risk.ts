import type { ConditionalAccessPolicy } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { baseline, blocks } from "../private/helpers";

/** Users with high user risk are blocked. MS.AAD.2.1 */
export function caBlocksHighUserRisk(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "blocks high user risk",
    control: "MS.AAD.2.1",
    matches: (p: ConditionalAccessPolicy) => blocks(p) && p.spec.userRiskLevels?.includes("high") === true,
    missing: `No enabled policy for all users and all apps blocks high user risk in environment '${ctx.view.environment.id}'.`,
  });
}
