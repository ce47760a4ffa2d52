import type { RuleContext, Violation } from "../types";
import { at, GLOBAL_ADMINISTRATOR } from "../private/helpers";

/** Activations are short: at most 8 hours, 1 hour for Global Administrator. */
export function privActivationDuration(ctx: RuleContext): Violation[] {
  return ctx.catalog.privilegedRoles.flatMap((p) => {
    const limit = p.directoryRoleTemplateId === GLOBAL_ADMINISTRATOR ? 1 : 8;
    const hours = p.spec.activation.maxDurationHours;
    return hours > limit
      ? [
          at(p, "privilegedRoles", `${p.spec.directoryRole} (${p.id}) can be activated for ${hours} hours; at most ${limit}.`, [
            "activation",
            "maxDurationHours",
          ]),
        ]
      : [];
  });
}
