import type { RuleContext, Violation } from "../types";
import { at, GLOBAL_ADMINISTRATOR } from "../private/helpers";

/** Activating Global Administrator needs approval by someone else. MS.AAD.7.6 */
export function privGlobalAdminNeedsApproval(ctx: RuleContext): Violation[] {
  return ctx.catalog.privilegedRoles
    .filter((p) => p.directoryRoleTemplateId === GLOBAL_ADMINISTRATOR && !p.spec.activation.approvers?.length)
    .map((p) => at(p, "privilegedRoles", `Global Administrator (${p.id}) can be activated without approval.`, ["activation"]));
}
