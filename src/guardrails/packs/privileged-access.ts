import type { Rule } from "../types";
import { privActivationDuration } from "../rules/priv-activation-duration";
import { privActivationRequiresJustification } from "../rules/priv-activation-requires-justification";
import { privActivationRequiresMfa } from "../rules/priv-activation-requires-mfa";
import { privEligibilityExpires } from "../rules/priv-eligibility-expires";
import { privFewGlobalAdmins } from "../rules/priv-few-global-admins";
import { privGlobalAdminCount } from "../rules/priv-global-admin-count";
import { privGlobalAdminNeedsApproval } from "../rules/priv-global-admin-needs-approval";
import { privGroupsOwnedByPrivileged } from "../rules/priv-groups-owned-by-privileged";
import { privNoGuests } from "../rules/priv-no-guests";
import { privNoStandingAssignment } from "../rules/priv-no-standing-assignment";
import { privPrefersFinerRoles } from "../rules/priv-prefers-finer-roles";
import { privRoleAssignableGroupLimit } from "../rules/priv-role-assignable-group-limit";

const PIM = "https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-deployment-plan";
const ROLE = (extra: string) => `privilegedRoles:
  - id: global-admin
    directoryRole: Global Administrator
    group: { displayName: PIM-Global-Administrators, description: Eligible Global Administrators, owners: [ciso@contoso.org, cio@contoso.org] }
    eligible:
      - { principal: admin@contoso.org, durationDays: 90 }
${extra}`;

/** Privileged access: no standing privilege, few Global Administrators, strict activation. */
export const PRIVILEGED_ACCESS_PACK: readonly Rule[] = [
  { pack: "privileged-access", id: "IDAC-PRIV-001", protectsTenant: true, title: "Nobody should hold a privileged role standing, only eligible through PIM", severity: "critical", level: "error", rationale: "Standing privilege is exposed all the time; eligibility is used only when needed, with MFA and a reason.", remediation: "Move the person from active to eligible (with an end date).", example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"), references: ["MS.AAD.7.4", "MS.AAD.7.5", "MT.1031"], check: privNoStandingAssignment },
  { pack: "privileged-access", id: "IDAC-PRIV-002", title: "There should be between 2 and 8 Global Administrators, break-glass accounts included", severity: "high", level: "error", rationale: "One is a single point of failure; many multiply the attack surface.", remediation: "Adjust the eligible Global Administrators (the break-glass accounts count).", example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"), references: ["MS.AAD.7.1", "MT.1032"], check: privGlobalAdminCount },
  { pack: "privileged-access", id: "IDAC-PRIV-003", title: "There should be fewer than five Global Administrators", severity: "medium", level: "warning", rationale: "Microsoft recommends fewer than five.", remediation: "Give finer-grained roles instead of Global Administrator.", example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"), references: ["MT.1032", "https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices"], check: privFewGlobalAdmins },
  { pack: "privileged-access", id: "IDAC-PRIV-004", protectsTenant: true, title: "Activating Global Administrator should require approval", severity: "critical", level: "error", rationale: "A second person sees every use of the most powerful role.", remediation: "Set activation.approvers on the Global Administrator role.", example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org, cio@contoso.org] }"), references: ["MS.AAD.7.6"], check: privGlobalAdminNeedsApproval },
  { pack: "privileged-access", id: "IDAC-PRIV-005", title: "Activations should last at most 8 hours, 1 hour for Global Administrator", severity: "high", level: "error", rationale: "Short activations limit how long a stolen session is privileged.", remediation: "Lower activation.maxDurationHours.", example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"), references: [PIM], check: privActivationDuration },
  { pack: "privileged-access", id: "IDAC-PRIV-006", protectsTenant: true, title: "Activating a privileged role should require MFA", severity: "critical", level: "error", rationale: "A password alone must never unlock privilege.", remediation: "Set activation.requireMfa: true (the default).", example: ROLE("    activation: { maxDurationHours: 1, requireMfa: true, approvers: [ciso@contoso.org] }"), references: [PIM], check: privActivationRequiresMfa },
  { pack: "privileged-access", id: "IDAC-PRIV-007", title: "Eligibility for a privileged role should end within 90 days", severity: "high", level: "error", rationale: "Eligibility that never ends outlives the job that needed it.", remediation: "Set expires within 90 days (or durationDays ≤ 90) and eligibilityMaxDays ≤ 90; renew through a reviewed change.", example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"), references: [PIM], check: privEligibilityExpires },
  { pack: "privileged-access", id: "IDAC-PRIV-008", title: "The tenant should stay within 500 role-assignable groups", severity: "medium", level: "error", rationale: "Entra refuses more; creation would fail mid-apply.", remediation: "Consolidate privileged groups.", example: ROLE("    activation: { maxDurationHours: 1 }"), references: ["https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept"], check: privRoleAssignableGroupLimit },
  { pack: "privileged-access", id: "IDAC-PRIV-009", protectsTenant: true, title: "PIM groups should be owned only by privileged administrators", severity: "high", level: "error", rationale: "An owner of a PIM group can make anyone eligible.", remediation: "Make the owners people who are themselves eligible for a privileged role.", example: ROLE("    activation: { maxDurationHours: 1 }"), references: ["https://learn.microsoft.com/entra/id-governance/privileged-identity-management/concept-pim-for-groups"], check: privGroupsOwnedByPrivileged },
  { pack: "privileged-access", id: "IDAC-PRIV-010", title: "Finer-grained roles should be preferred over Global Administrator", severity: "medium", level: "warning", rationale: "Most tasks need a narrower role.", remediation: "Grant User, Exchange, Security … Administrator instead of Global Administrator.", example: "privilegedRoles:\n  - id: user-admin\n    directoryRole: User Administrator\n    ...", references: ["MS.AAD.7.2"], check: privPrefersFinerRoles },
  { pack: "privileged-access", id: "IDAC-PRIV-011", protectsTenant: true, title: "Guests should never hold privileged roles", severity: "critical", level: "error", rationale: "A guest's credentials are governed by another organisation.", remediation: "Give the role to a member account of this tenant.", example: ROLE("    activation: { maxDurationHours: 1 }"), references: ["MT.1025"], check: privNoGuests },
  { pack: "privileged-access", id: "IDAC-PRIV-012", title: "Activating a privileged role should require a justification", severity: "medium", level: "error", rationale: "The audit log must say why privilege was used.", remediation: "Set activation.requireJustification: true (the default).", example: ROLE("    activation: { maxDurationHours: 1, requireJustification: true }"), references: [PIM], check: privActivationRequiresJustification },
];
