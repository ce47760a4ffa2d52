import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Activating a privileged role requires a justification, so the audit log says why. */
export function privActivationRequiresJustification(ctx: RuleContext): Violation[] {
  return ctx.catalog.privilegedRoles
    .filter((p) => !p.spec.activation.requireJustification)
    .map((p) =>
      at(p, "privilegedRoles", `${p.spec.directoryRole} (${p.id}) can be activated without a justification.`, ["activation", "requireJustification"]),
    );
}
