import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Activating a privileged role requires MFA. */
export function privActivationRequiresMfa(ctx: RuleContext): Violation[] {
  return ctx.catalog.privilegedRoles
    .filter((p) => !p.spec.activation.requireMfa)
    .map((p) => at(p, "privilegedRoles", `${p.spec.directoryRole} (${p.id}) can be activated without MFA.`, ["activation", "requireMfa"]));
}
