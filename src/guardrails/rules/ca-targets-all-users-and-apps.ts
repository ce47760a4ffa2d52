import type { RuleContext, Violation } from "../types";
import { atEnvironment, enabled } from "../private/helpers";

/** At least one enabled policy targets all users and all applications. MT.1004 */
export function caTargetsAllUsersAndApps(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some((p) => p.spec.users.include.all && "include" in p.spec.applications && p.spec.applications.include.includes("All"));
  return ok ? [] : [atEnvironment(ctx, `No enabled policy targets all users and all applications in environment '${ctx.view.environment.id}'.`)];
}
