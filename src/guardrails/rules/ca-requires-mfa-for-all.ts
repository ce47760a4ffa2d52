import type { RuleContext, Violation } from "../types";
import { atEnvironment, counts, requiresMfa, unconditional } from "../private/helpers";

/** Every user needs MFA for every app, with no condition narrowing the policy. MS.AAD.3.2, MT.1007 */
export function caRequiresMfaForAll(ctx: RuleContext): Violation[] {
  const ok = ctx.catalog.conditionalAccessPolicies.some((p) => counts(ctx, p) && unconditional(p) && requiresMfa(p));
  return ok ? [] : [atEnvironment(ctx, `No enabled, unconditional policy for all users and all apps requires MFA in environment '${ctx.view.environment.id}'.`)];
}
