import type { RuleContext, Violation } from "../types";
import { atEnvironment, coversPrivilegedRoles, enabled, requiresManagedDevice } from "../private/helpers";

/** Administrators work from compliant or hybrid-joined devices. MT.1014 */
export function caRequiresManagedDeviceForAdmins(ctx: RuleContext): Violation[] {
  const ok = enabled(ctx).some((p) => coversPrivilegedRoles(ctx, p) && requiresManagedDevice(p));
  return ok
    ? []
    : [
        atEnvironment(
          ctx,
          `No enabled policy requires a compliant or hybrid-joined device of every privileged role in environment '${ctx.view.environment.id}'.`,
        ),
      ];
}
