import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled, selectsNoSubset } from "../private/helpers";

/** High user risk requires a secure password change (or is blocked). MT.1013 */
export function caRemediatesHighUserRisk(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some(
    (p) =>
      p.spec.users.include.all &&
      selectsNoSubset(p) &&
      p.spec.userRiskLevels?.includes("high") &&
      (p.spec.grant?.controls.includes("passwordChange") === true || p.spec.grant?.block === true),
  );
  return ok
    ? []
    : [atEnvironment(ctx, `No enabled policy requires a password change (or blocks) on high user risk in environment '${ctx.view.environment.id}'.`)];
}
