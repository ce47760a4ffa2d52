import type { ConditionalAccessPolicy } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { baseline, blocks } from "../private/helpers";

/** Device code flow is blocked. MS.AAD.3.9, MT.1052 */
export function caBlocksDeviceCodeFlow(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "blocks the device code flow",
    control: "MS.AAD.3.9",
    matches: (p: ConditionalAccessPolicy) => blocks(p) && p.spec.authenticationFlows?.includes("deviceCodeFlow") === true,
    missing: `No enabled policy for all users and all apps blocks the device code flow in environment '${ctx.view.environment.id}'.`,
  });
}
