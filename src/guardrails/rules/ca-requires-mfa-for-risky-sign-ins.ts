import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled, requiresMfa, selectsNoSubset } from "../private/helpers";

/** Risky sign-ins (medium or high) need MFA or are blocked. MT.1012 */
export function caRequiresMfaForRiskySignIns(ctx: RuleContext): Violation[] {
  const covered = (level: "medium" | "high") =>
    enabled(ctx).some(
      (p) => p.spec.users.include.all && selectsNoSubset(p) && p.spec.signInRiskLevels?.includes(level) && (requiresMfa(p) || p.spec.grant?.block === true),
    );
  return covered("medium") && covered("high")
    ? []
    : [atEnvironment(ctx, `Medium and high sign-in risk are not both answered with MFA or a block for all users in environment '${ctx.view.environment.id}'.`)];
}
