import type { RuleContext, Violation } from "../types";
import { atEnvironment, coversPrivilegedRoles, enabled, requiresMfa, unconditional } from "../private/helpers";

/** Administrators need MFA. MT.1006 */
export function caRequiresMfaForAdmins(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some(
    (p) =>
      coversPrivilegedRoles(ctx, p) && unconditional(p) && requiresMfa(p) && "include" in p.spec.applications && p.spec.applications.include.includes("All"),
  );
  return ok ? [] : [atEnvironment(ctx, `No enabled policy requires MFA of every privileged role for all apps in environment '${ctx.view.environment.id}'.`)];
}
