import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled } from "../private/helpers";

/** At least one enabled policy targets all applications. MT.1003 */
export function caTargetsAllApps(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some((p) => "include" in p.spec.applications && p.spec.applications.include.includes("All"));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy targets all applications in environment '${ctx.view.environment.id}'.`)];
}
