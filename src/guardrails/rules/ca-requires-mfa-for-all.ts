import type { ConditionalAccessPolicy } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { baseline, requiresMfa } from "../private/helpers";

/** Every user needs MFA for every app, with no condition narrowing the policy. MS.AAD.3.2, MT.1007 */
export function caRequiresMfaForAll(ctx: RuleContext): Violation[] {
  return baseline(ctx, {
    does: "requires MFA",
    control: "MS.AAD.3.2",
    matches: (p: ConditionalAccessPolicy) => requiresMfa(p),
    unconditional: true,
    missing: `No enabled, unconditional policy for all users and all apps requires MFA in environment '${ctx.view.environment.id}'.`,
  });
}
