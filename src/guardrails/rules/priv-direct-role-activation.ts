import { findDirectoryRole } from "../../model/directory-roles";
import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** A privileged directory role assigned directly asks for MFA at activation, as its PIM group would. */
export function privDirectRoleRequiresMfa(ctx: RuleContext): Violation[] {
  return ctx.catalog.directoryRoleSettings
    .filter((d) => d.privileged && !d.spec.activation.requireMfa)
    .map((d) => at(d, "directoryRoleSettings", `${d.spec.directoryRole} (${d.id}) can be activated without MFA.`, ["activation", "requireMfa"]));
}

/** A highly privileged directory role assigned directly needs someone else's approval at activation. */
export function privDirectRoleNeedsApproval(ctx: RuleContext): Violation[] {
  return ctx.catalog.directoryRoleSettings
    .filter((d) => findDirectoryRole(d.directoryRoleTemplateId).role?.highlyPrivileged && !d.spec.activation.approvers?.length)
    .map((d) => at(d, "directoryRoleSettings", `${d.spec.directoryRole} (${d.id}) is highly privileged and its activation needs no approval.`, ["activation"]));
}
