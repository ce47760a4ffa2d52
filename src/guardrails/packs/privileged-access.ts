import type { Rule } from "../types";
import { privActivationDuration } from "../rules/priv-activation-duration";
import { privActivationRequiresJustification } from "../rules/priv-activation-requires-justification";
import { privActivationRequiresMfa } from "../rules/priv-activation-requires-mfa";
import { privEligibilityExpires } from "../rules/priv-eligibility-expires";
import { privFewGlobalAdmins } from "../rules/priv-few-global-admins";
import { privGlobalAdminCount } from "../rules/priv-global-admin-count";
import { privGlobalAdminNeedsApproval } from "../rules/priv-global-admin-needs-approval";
import { privGroupsOwnedByPrivileged } from "../rules/priv-groups-owned-by-privileged";
import { privGroupsOwnedByRoleHolders } from "../rules/priv-groups-owned-by-role-holders";
import { privNoLookAlikeGroupNames } from "../rules/priv-no-look-alike-group-names";
import { privPeopleInTenantDomains } from "../rules/priv-people-in-tenant-domains";
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
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-001",
    protectsTenant: true,
    title: "Nobody should hold a privileged role standing, only eligible through PIM",
    severity: "critical",
    level: "error",
    rationale: "Standing privilege is exposed all the time; eligibility is used only when needed, with MFA and a reason.",
    remediation: "Move the person from active to eligible (with an end date).",
    example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"),
    references: ["MS.AAD.7.4", "MS.AAD.7.5", "MT.1031"],
    check: privNoStandingAssignment,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-002",
    title: "There should be between 2 and 8 Global Administrators, break-glass accounts included",
    severity: "high",
    level: "error",
    rationale: "One is a single point of failure; many multiply the attack surface.",
    remediation: "Adjust the eligible Global Administrators (the break-glass accounts count).",
    example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"),
    references: ["MS.AAD.7.1", "MT.1032"],
    check: privGlobalAdminCount,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-003",
    title: "There should be fewer than five Global Administrators",
    severity: "medium",
    level: "warning",
    rationale: "Microsoft recommends fewer than five.",
    remediation: "Give finer-grained roles instead of Global Administrator.",
    example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"),
    references: ["MT.1032", "https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices"],
    check: privFewGlobalAdmins,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-004",
    protectsTenant: true,
    title: "Activating Global Administrator should require approval",
    severity: "critical",
    level: "error",
    rationale: "A second person sees every use of the most powerful role.",
    remediation: "Set activation.approvers on the Global Administrator role.",
    example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org, cio@contoso.org] }"),
    references: ["MS.AAD.7.6"],
    check: privGlobalAdminNeedsApproval,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-005",
    title: "Activations should last at most 8 hours, 1 hour for Global Administrator",
    severity: "high",
    level: "error",
    rationale: "Short activations limit how long a stolen session is privileged.",
    remediation: "Lower activation.maxDurationHours.",
    example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"),
    references: [PIM],
    check: privActivationDuration,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-006",
    protectsTenant: true,
    title: "Activating a privileged role should require MFA",
    severity: "critical",
    level: "error",
    rationale: "A password alone must never unlock privilege.",
    remediation: "Set activation.requireMfa: true (the default).",
    example: ROLE("    activation: { maxDurationHours: 1, requireMfa: true, approvers: [ciso@contoso.org] }"),
    references: [PIM],
    check: privActivationRequiresMfa,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-007",
    title: "Eligibility for a privileged role should end within 90 days",
    severity: "high",
    level: "error",
    rationale: "Eligibility that never ends outlives the job that needed it.",
    remediation: "Set expires within 90 days (or durationDays ≤ 90) and eligibilityMaxDays ≤ 90; renew through a reviewed change.",
    example: ROLE("    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }"),
    references: [PIM],
    check: privEligibilityExpires,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-008",
    title: "The tenant should stay within 500 role-assignable groups",
    severity: "medium",
    level: "error",
    rationale: "Entra refuses more; creation would fail mid-apply.",
    remediation: "Consolidate privileged groups.",
    example: ROLE("    activation: { maxDurationHours: 1 }"),
    references: ["https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept"],
    check: privRoleAssignableGroupLimit,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-009",
    protectsTenant: true,
    title: "PIM groups should be owned only by privileged administrators",
    severity: "high",
    level: "error",
    rationale: "An owner of a PIM group can make anyone eligible.",
    remediation: "Make the owners people who are themselves eligible for a privileged role.",
    example: ROLE("    activation: { maxDurationHours: 1 }"),
    references: ["https://learn.microsoft.com/entra/id-governance/privileged-identity-management/concept-pim-for-groups"],
    check: privGroupsOwnedByPrivileged,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-010",
    title: "Finer-grained roles should be preferred over Global Administrator",
    severity: "medium",
    level: "warning",
    rationale: "Most tasks need a narrower role.",
    remediation: "Grant User, Exchange, Security … Administrator instead of Global Administrator.",
    example: "privilegedRoles:\n  - id: user-admin\n    directoryRole: User Administrator\n    ...",
    references: ["MS.AAD.7.2"],
    check: privPrefersFinerRoles,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-011",
    protectsTenant: true,
    title: "Guests should never hold privileged roles",
    severity: "critical",
    level: "error",
    rationale: "A guest's credentials are governed by another organisation.",
    remediation: "Give the role to a member account of this tenant.",
    example: ROLE("    activation: { maxDurationHours: 1 }"),
    references: ["MT.1025"],
    check: privNoGuests,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-012",
    title: "Activating a privileged role should require a justification",
    severity: "medium",
    level: "error",
    rationale: "The audit log must say why privilege was used.",
    remediation: "Set activation.requireJustification: true (the default).",
    example: ROLE("    activation: { maxDurationHours: 1, requireJustification: true }"),
    references: [PIM],
    check: privActivationRequiresJustification,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-013",
    title: "PIM groups should be owned by people who hold that role or a stronger one",
    severity: "high",
    level: "error",
    rationale:
      "An owner of a PIM group can make anyone a member, so owning the group is holding " +
      "the role: an owner eligible only for a weaker role (a Helpdesk Administrator owning the " +
      "User Administrators' group) gains more through ownership than through eligibility. " +
      "Stronger means: Global Administrator or Privileged Role Administrator held tenant-wide " +
      "(both can assign any role themselves), otherwise the same directory role held " +
      "tenant-wide or in the same administrative unit. Eligibility that has ended does not " +
      "count. Owners who hold no privileged role at all are IDAC-PRIV-009's findings.",
    remediation:
      "Make the owners people who are eligible (or active) for this role or for Global " +
      "Administrator or Privileged Role Administrator, or make the owner eligible for the role " +
      "through a reviewed change.",
    example:
      "privilegedRoles:\n  - id: user-admin\n    directoryRole: User Administrator\n    " +
      "group: { displayName: PIM-User-Administrators, description: Eligible User Administrators," +
      " owners: [elena.petrova@contoso.org, ciso@contoso.org] }\n    eligible:\n      - { " +
      "principal: elena.petrova@contoso.org, durationDays: 90 }   # holds the role she owns\n   " +
      " activation: { maxDurationHours: 4 }\n  # ciso@contoso.org is eligible for Global " +
      "Administrator, which covers every role",
    references: [
      "https://learn.microsoft.com/entra/id-governance/privileged-identity-management/concept-pim-for-groups",
      "https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference#privileged-role-administrator",
    ],
    check: privGroupsOwnedByRoleHolders,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-014",
    title: "No display name should copy or imitate a privileged group's name",
    severity: "critical",
    level: "error",
    rationale:
      "People pick groups by name: in an approval, an access review, a conditional access " +
      "exclusion or a portal search. A group, access package, administrative unit or policy " +
      "named like a PIM group or a role-assignable group (the same name in other case, " +
      "fullwidth letters, Cyrillic or Greek look-alikes, 'rn' for 'm', '0' for 'O', 'l' or '1' " +
      "for 'I', invisible characters) is how a privileged group is swapped for an attacker's. " +
      "Names are compared as the environment shows them (name prefix included), after NFKC " +
      "normalisation, with Unicode confusable skeletons (UTS #39).",
    remediation: "Rename the copy so it cannot be mistaken for the privileged group (a distinct word, not a variant spelling).",
    example:
      "privilegedRoles:\n  - id: global-admin\n    group: { displayName: " +
      "PIM-Global-Administrators, ... }\ngroups:\n  - id: ict-reporting\n    displayName: ICT " +
      "Global Administration Reports   # distinct words, not PIM-GIobal-Administrators",
    references: [
      "https://www.unicode.org/reports/tr39/#Confusable_Detection",
      "https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept",
    ],
    check: privNoLookAlikeGroupNames,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-015",
    title: "People with privileged access should be accounts in the tenant's own domains",
    severity: "high",
    level: "error",
    rationale:
      "A PIM owner, eligible or active member, activation approver, or an owner or member " +
      "of a role-assignable group written in a look-alike or foreign domain (rneridian.org for " +
      "meridian.org) is not the person the reviewer reads. Domains are compared as the " +
      "environment sees them, after upnDomains. Guests (#EXT# UPNs in the tenant's " +
      "onmicrosoft.com domain) pass this rule; IDAC-PRIV-011 keeps them out of privileged roles.",
    remediation:
      "Correct the UPN to the person's account in one of the environment's domains, or " +
      "declare the tenant's missing verified domain under the environment's domains.",
    example:
      "environments:\n  - id: prod\n    domains: [contoso.org, " +
      "contoso.onmicrosoft.com]\n...\n    eligible:\n      - { principal: admin@contoso.org, " +
      "durationDays: 90 }",
    references: ["MS.AAD.7.3", "https://learn.microsoft.com/entra/fundamentals/add-custom-domain"],
    check: privPeopleInTenantDomains,
  },
];
