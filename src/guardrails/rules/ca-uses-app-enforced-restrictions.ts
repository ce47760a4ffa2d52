import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled } from "../private/helpers";

/** Application-enforced restrictions limit downloads from Office 365 on unmanaged devices. MT.1019 */
export function caUsesAppEnforcedRestrictions(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some((p) => p.spec.session?.applicationEnforcedRestrictions === true);
  return ok ? [] : [atEnvironment(ctx, `No enabled policy uses application-enforced restrictions in environment '${ctx.view.environment.id}'.`)];
}
