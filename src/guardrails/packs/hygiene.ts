import type { Rule } from "../types";
import { caFollowsNamingConvention } from "../rules/ca-follows-naming-convention";
import { caHasDescription } from "../rules/ca-has-description";
import { hygDynamicRuleMatchesSelectively } from "../rules/hyg-dynamic-rule-matches-selectively";
import { hygDynamicRuleMatchesSomebody } from "../rules/hyg-dynamic-rule-matches-somebody";
import { hygGroupNaming } from "../rules/hyg-group-naming";
import { hygEnvironmentDeclaresDomains } from "../rules/hyg-environment-declares-domains";
import { hygGroupNamesUnique } from "../rules/hyg-group-names-unique";
import { hygPeopleInTenantDomains } from "../rules/hyg-people-in-tenant-domains";
import { hygRolesGrantSomething } from "../rules/hyg-roles-grant-something";

/** Hygiene: names, descriptions, rules that make sense. */
export const HYGIENE_PACK: readonly Rule[] = [
  {
    pack: "hygiene",
    id: "IDAC-HYG-001",
    title: "Conditional access policy names should follow Microsoft's CA framework",
    severity: "low",
    level: "warning",
    rationale: "Names that say persona, type, app, platform and grant make policies reviewable at a glance.",
    remediation: "Rename to CA<number>-<Persona>-<PolicyType>-<App>-<Platform>-<Grant>, numbered by persona.",
    example: "displayName: CA100-Admins-BaseProtection-AllApps-AnyPlatform-PhishingResistantMFA",
    references: ["https://learn.microsoft.com/azure/architecture/guide/security/conditional-access-framework"],
    check: caFollowsNamingConvention,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-002",
    title: "Group names should start with their unit's code",
    severity: "low",
    level: "info",
    rationale: "A prefix tells who owns a group in every list it appears in.",
    remediation: "Rename the group 'FIN Accounts Payable', 'HR Payroll', …",
    example: "displayName: FIN Accounts Payable",
    references: ["https://learn.microsoft.com/entra/identity/users/groups-naming-policy"],
    check: hygGroupNaming,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-003",
    title: "Every conditional access policy should have a description",
    severity: "low",
    level: "warning",
    rationale: "Reviewers and auditors need the intent, not only the settings.",
    remediation: "Add description: to the policy.",
    example: "description: Legacy clients cannot do MFA; block them",
    references: ["https://learn.microsoft.com/entra/identity/conditional-access/plan-conditional-access"],
    check: caHasDescription,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-004",
    title: "Dynamic membership rules should be able to match somebody",
    severity: "medium",
    level: "error",
    rationale: "A rule that matches nobody silently grants nothing (and revokes from everybody).",
    remediation: "Fix the contradictory conditions.",
    example: "membership: { type: dynamic, when: { department: Finance, userType: Member } }",
    references: ["https://learn.microsoft.com/entra/identity/users/groups-dynamic-membership"],
    check: hygDynamicRuleMatchesSomebody,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-005",
    title: "Dynamic membership rules should not match everybody",
    severity: "high",
    level: "error",
    rationale: "A rule without a positive condition puts every account (guests included) into the group.",
    remediation: "Add a positive HR condition (department, employeeType …).",
    example: "membership: { type: dynamic, when: { employeeType: Staff } }",
    references: ["https://learn.microsoft.com/entra/identity/users/groups-dynamic-membership"],
    check: hygDynamicRuleMatchesSelectively,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-006",
    title: "Every business role should grant something",
    severity: "low",
    level: "warning",
    rationale: "An empty role is noise in every review.",
    remediation: "Add entitlements or remove the role.",
    example: "entitlements: { groups: [fin-ap-team] }",
    references: [],
    check: hygRolesGrantSomething,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-007",
    title: "Groups should have distinct display names",
    severity: "low",
    level: "warning",
    rationale:
      "Two groups with the same name (ignoring case), among security groups, role groups " +
      "and PIM groups, are picked by mistake in approvals, reviews and policies. Copies of a " +
      "privileged group's name are IDAC-PRIV-014's findings.",
    remediation: "Rename one of the groups.",
    example: "groups:\n  - id: fin-ap-team\n    displayName: FIN Accounts Payable\n  - id: fin-ap-archive\n    displayName: FIN Accounts Payable Archive",
    references: ["https://learn.microsoft.com/entra/identity/users/groups-naming-policy"],
    check: hygGroupNamesUnique,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-008",
    title: "People should be named by UPNs in the tenant's own domains",
    severity: "medium",
    level: "warning",
    rationale:
      "A UPN in a look-alike or foreign domain is not the person the reviewer reads. " +
      "Outside privileged access and highly confidential approvals (errors: IDAC-PRIV-015, " +
      "IDAC-GOV-013) it is a warning: group and business role owners, group members, other " +
      "approvers, reviewers, users a conditional access policy includes or excludes, personas. " +
      "Such a UPN usually fails when Terraform looks the user up; this finding names it at " +
      "review instead.",
    remediation: "Correct the UPN to an account in one of the environment's domains (after upnDomains), or declare the tenant's missing verified domain.",
    example: "environments:\n  - id: prod\n    domains: [contoso.org, contoso.onmicrosoft.com]",
    references: ["https://learn.microsoft.com/entra/fundamentals/add-custom-domain"],
    check: hygPeopleInTenantDomains,
  },
  {
    pack: "hygiene",
    id: "IDAC-HYG-009",
    title: "Every environment should declare its tenant's verified domains",
    severity: "low",
    level: "warning",
    rationale:
      "Without domains idac cannot check that the people a catalog names are accounts of the tenant (IDAC-PRIV-015, IDAC-GOV-013, IDAC-HYG-008 stay silent).",
    remediation: "List the tenant's verified domains, its onmicrosoft.com domain included, as UPNs read in this environment (after upnDomains).",
    example: "environments:\n  - id: dev\n    upnDomains: { contoso.org: contosodev.onmicrosoft.com }\n    domains: [contosodev.onmicrosoft.com]",
    references: ["https://learn.microsoft.com/entra/fundamentals/add-custom-domain"],
    check: hygEnvironmentDeclaresDomains,
  },
];
