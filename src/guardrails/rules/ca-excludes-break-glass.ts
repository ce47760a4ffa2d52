import type { RuleContext, Violation } from "../types";
import { at, state } from "../private/helpers";

/** Every policy that is not disabled excludes the emergency-access accounts. MT.1005 */
export function caExcludesBreakGlass(ctx: RuleContext): Violation[] {
  return ctx.catalog.conditionalAccessPolicies
    .filter((p) => state(ctx, p) !== "disabled" && !p.spec.excludeBreakGlass)
    .map((p) => at(p, "conditionalAccessPolicies", `Policy '${p.id}' (${state(ctx, p)}) does not exclude the break-glass accounts of environment '${ctx.view.environment.id}' (excludeBreakGlass: false): a mistake in it can lock everybody out.`, ["excludeBreakGlass"]));
}
