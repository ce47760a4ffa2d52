import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** User risk and sign-in risk are handled in separate policies (in one policy they must both match). MT.1049 */
export function caSeparatesRiskConditions(ctx: RuleContext): Violation[] {
  return ctx.catalog.conditionalAccessPolicies
    .filter((p) => (p.spec.userRiskLevels?.length ?? 0) > 0 && (p.spec.signInRiskLevels?.length ?? 0) > 0)
    .map((p) =>
      at(
        p,
        "conditionalAccessPolicies",
        `Policy '${p.id}' combines user risk and sign-in risk: it applies only when both match, which leaves each risk alone unanswered.`,
        ["userRiskLevels"],
      ),
    );
}
