import type { ConditionalAccessPolicy } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { baseline, blocks } from "../private/helpers";

/** Legacy authentication (Exchange ActiveSync and other legacy clients) is blocked for everyone. MS.AAD.1.1, MT.1009 */
export function caBlocksLegacyAuth(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "blocks legacy authentication",
    control: "MS.AAD.1.1",
    matches: (p: ConditionalAccessPolicy) => blocks(p) && ["exchangeActiveSync", "other"].every((c) => p.spec.clientAppTypes?.includes(c as never)),
    missing:
      `No enabled policy for all users and all apps blocks legacy authentication ` +
      `(client app types exchangeActiveSync and other) in environment '` +
      `${ctx.view.environment.id}'.`,
  });
}
