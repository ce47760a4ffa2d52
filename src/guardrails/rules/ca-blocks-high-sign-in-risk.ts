import type { ConditionalAccessPolicy } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { baseline, blocks } from "../private/helpers";

/** Sign-ins with high sign-in risk are blocked. MS.AAD.2.3 */
export function caBlocksHighSignInRisk(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "blocks high sign-in risk",
    control: "MS.AAD.2.3",
    matches: (p: ConditionalAccessPolicy) => blocks(p) && p.spec.signInRiskLevels?.includes("high") === true,
    missing: `No enabled policy for all users and all apps blocks high sign-in risk in environment '${ctx.view.environment.id}'.`,
  });
}
