import type { RuleContext, Violation } from "../types";
import { includesSomebody } from "../../model/ca-targeting";
import { at, state } from "../private/helpers";

/**
 * Every policy that is not disabled excludes the emergency-access accounts. A policy that includes no user (one on
 * workload identities) cannot lock them out, and Entra takes no user exclusions on it. MT.1005
 */
export function caExcludesBreakGlass(ctx: RuleContext): Violation[] {
  return ctx.catalog.conditionalAccessPolicies
    .filter((p) => state(ctx, p) !== "disabled" && !p.spec.excludeBreakGlass && includesSomebody(p.spec.users.include))
    .map((p) =>
      at(
        p,
        "conditionalAccessPolicies",
        `Policy '${p.id}' (${state(ctx, p)}) does not exclude the break-glass accounts of ` +
          `environment '${ctx.view.environment.id}' (excludeBreakGlass: false): a mistake in it can ` +
          `lock everybody out.`,
        ["excludeBreakGlass"],
      ),
    );
}
