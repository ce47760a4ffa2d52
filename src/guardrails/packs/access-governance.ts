import type { Rule } from "../types";
import { govCatalogsUsed } from "../rules/gov-catalogs-used";
import { govManagerApprovalHasBackup } from "../rules/gov-manager-approval-has-backup";
import { govNoSelfApproval } from "../rules/gov-no-self-approval";
import { govRequestableExpires } from "../rules/gov-requestable-expires";
import { govRequestableHasApproval } from "../rules/gov-requestable-has-approval";
import { govReviewRemovesAccess } from "../rules/gov-review-removes-access";
import { govSensitiveAccessReviewed } from "../rules/gov-sensitive-access-reviewed";
import { govHighlyConfidentialNeedsApproval } from "../rules/gov-highly-confidential-needs-approval";
import { govSensitiveApproversInTenantDomains } from "../rules/gov-sensitive-approvers-in-tenant-domains";
import { govSoleApproverIsKnownNotToRequest, govSoleApproverIsNotARequestor } from "../rules/gov-sole-approver-cannot-request";
import { govTwoOwners } from "../rules/gov-two-owners";
import { govHighlyConfidentialReviewedQuarterly, govPimGroupsReviewedQuarterly } from "../rules/gov-reviewed-quarterly";

const EM = "https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-create";
const EM_APPROVAL = "https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-approval-policy";
const EM_REQUESTORS = "https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-request-policy";
const TWO_APPROVERS = `    assignment:
      type: request
      catalog: cat-ict
      requestors: { scope: groups, groups: [ict-staff-all] }
      approval:
        stages:
          - approvers: [manager]                   # somebody other than the requestor
            backupApprovers: [sofia.alvarez@contoso.org]
          - approvers: [li.wei@contoso.org, sofia.alvarez@contoso.org]   # two people: neither decides alone
      expiry: { afterDays: 180 }`;
const PACKAGE = `    assignment:
      type: request
      catalog: cat-finance
      approval:
        stages:
          - approvers: [manager]
            backupApprovers: [controller@contoso.org]
      expiry: { afterDays: 180 }
      review: { frequency: quarterly, reviewers: manager, whenNoResponse: removeAccess }`;

/** Access governance: approval, expiry, reviews, ownership. */
export const ACCESS_GOVERNANCE_PACK: readonly Rule[] = [
  {
    pack: "access-governance",
    id: "IDAC-GOV-001",
    title: "Every requestable access package should require approval",
    severity: "high",
    level: "warning",
    rationale: "Self-service access without approval is a grant to whoever asks.",
    remediation: "Add approval stages; keep {none: true, reason} only for harmless access and suppress with a reason.",
    example: PACKAGE,
    references: [EM],
    check: govRequestableHasApproval,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-002",
    title: "Every requestable access package should expire",
    severity: "high",
    level: "error",
    rationale: "Access that never ends accumulates.",
    remediation: "Set expiry: { afterDays } or { onDate }.",
    example: PACKAGE,
    references: [EM],
    check: govRequestableExpires,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-003",
    title: "Confidential access should be reviewed regularly",
    severity: "high",
    level: "error",
    rationale: "Reviews catch access that outlived its reason.",
    remediation: "Add review: { frequency, reviewers, whenNoResponse: removeAccess }.",
    example: PACKAGE,
    references: ["https://learn.microsoft.com/entra/id-governance/entitlement-management-access-reviews-create"],
    check: govSensitiveAccessReviewed,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-004",
    protectsTenant: true,
    title: "Requestors should never be able to approve their own requests",
    severity: "critical",
    level: "error",
    rationale: "Self-approval defeats approval.",
    remediation: "Use an approver group that is not among the requestor groups.",
    example: PACKAGE,
    references: [EM],
    check: govNoSelfApproval,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-005",
    title: "Approval by the requestor's manager should have a backup approver",
    severity: "medium",
    level: "error",
    rationale: "Requestors without a manager in Entra could never be approved.",
    remediation: "Add backupApprovers to the stage.",
    example: PACKAGE,
    references: ["MT.1109"],
    check: govManagerApprovalHasBackup,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-006",
    title: "Every group and access package should have at least two owners",
    severity: "medium",
    level: "warning",
    rationale: "A single owner leaves an orphan when they leave.",
    remediation: "Add a second owner who can decide about the group or package.",
    example: "groups:\n  - id: fin-ap\n    owners: [owner.one@contoso.org, owner.two@contoso.org]",
    references: ["https://learn.microsoft.com/entra/identity/users/groups-lifecycle"],
    check: govTwoOwners,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-007",
    title: "Every access package catalog should hold at least one access package",
    severity: "low",
    level: "warning",
    rationale: "Unused catalog resources are forgotten access.",
    remediation: "Remove the catalog or give it an access package.",
    example: "accessPackageCatalogs:\n  - id: cat-finance\n    ...",
    references: ["MT.1110"],
    check: govCatalogsUsed,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-009",
    title: "Sensitive access should be removed when reviewers do not answer",
    severity: "medium",
    level: "warning",
    rationale: "Unanswered reviews should not silently extend access.",
    remediation: "Set review.whenNoResponse: removeAccess.",
    example: PACKAGE,
    references: ["https://learn.microsoft.com/entra/id-governance/entitlement-management-access-reviews-create"],
    check: govReviewRemovesAccess,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-010",
    title: "An approval stage should not be decided by one person alone who can also request the package",
    severity: "high",
    level: "error",
    rationale:
      "Microsoft Learn states that approvers can't approve their own access package " +
      "requests. A stage whose only approver may request the package therefore leaves that " +
      "person's own requests with nobody else to decide them, and the four-eyes principle rests " +
      "on a service behaviour the catalog does not show a reviewer; making oneself the sole " +
      "approver of a package one can request is the shape of a self-approval attempt. The same " +
      "person listed twice, in another spelling, or as the only member of an approver group " +
      "counts once.",
    remediation:
      "Add an approver who is not a requestor to the stage (the requestor's manager, a " +
      "second person, or a group outside the requestor groups), or narrow the requestors so the " +
      "approver is not among them.",
    example: TWO_APPROVERS,
    references: [EM_APPROVAL, EM_REQUESTORS],
    check: govSoleApproverIsNotARequestor,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-011",
    title: "A stage's only approver should provably not be among the requestors",
    severity: "medium",
    level: "warning",
    rationale:
      "Whether the only approver can request the package is decided by the members of the " +
      "requestor groups; idac knows them only for assigned groups whose members it manages. " +
      "Dynamic groups follow HR attributes idac does not know for a given person, and unmanaged " +
      "groups are filled elsewhere, so the catalog cannot show that the approver is not a " +
      "requestor: the message names the groups concerned.",
    remediation:
      "Add a second approver (or the manager) to the stage; or, when you know the " +
      "approver cannot be in the requestor groups, suppress the finding with that reason.",
    example: TWO_APPROVERS,
    references: [EM_APPROVAL],
    check: govSoleApproverIsKnownNotToRequest,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-012",
    title: "A highly confidential access package open to all users should require approval",
    severity: "critical",
    level: "error",
    rationale:
      "requestors.scope allUsers includes every guest; without approval anyone with an " +
      "account in the tenant, invited or not by this organisation's staff, gets highly " +
      "confidential access by asking. The package counts as highly confidential when it grants " +
      "a highly confidential group or app role, whatever the role itself declares.",
    remediation: "Add approval stages, or restrict requestors to member users or named groups.",
    example:
      "    sensitivity: highlyConfidential\n    assignment:\n      type: request\n      " +
      "catalog: cat-partners\n      requestors: { scope: allUsers }\n      approval:\n        " +
      "stages:\n          - approvers: [sponsors]\n            backupApprovers: " +
      "[fatima.rahman@contoso.org]\n      expiry: { afterDays: 90 }",
    references: [EM_REQUESTORS, EM_APPROVAL],
    check: govHighlyConfidentialNeedsApproval,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-013",
    title: "Approvers of highly confidential access packages should be accounts in the tenant's own domains",
    severity: "high",
    level: "error",
    rationale:
      "An approver written in a look-alike or foreign domain (meridian-org.com for " +
      "meridian.org) is a different account from the one the reviewer believes; for highly " +
      "confidential access that account decides who gets it. Domains are compared as the " +
      "environment sees them, after upnDomains; guests (#EXT# in the tenant's onmicrosoft.com " +
      "domain) pass.",
    remediation:
      "Correct the UPN to the approver's account in one of the environment's domains, or " +
      "add the tenant's missing verified domain to the environment's domains.",
    example: "environments:\n  - id: prod\n    domains: [contoso.org, contoso.onmicrosoft.com]\n...\n          - approvers: [li.wei@contoso.org]",
    references: ["https://learn.microsoft.com/entra/fundamentals/add-custom-domain", EM_APPROVAL],
    check: govSensitiveApproversInTenantDomains,
  },
  // --- access reviews ---
  {
    pack: "access-governance",
    id: "IDAC-GOV-014",
    title: "Every PIM group should be reviewed at least quarterly, removing access nobody confirms",
    severity: "high",
    level: "warning",
    rationale:
      "Eligibility for a directory role outlives the reason it was given; a recurring review that removes people " +
      "nobody confirms is how standing eligibility is kept to those who still need it. A review whose decisions are " +
      "not applied, or that keeps access by default, confirms nothing.",
    remediation: "Add an access review of the privileged role (target: { privilegedRole: <id> }), monthly or quarterly, with whenNoResponse: removeAccess.",
    example:
      "accessReviews:\n  - id: ar-pim-global-admin\n    displayName: Monthly review of Global Administrators\n    description: Confirm every eligible Global Administrator\n" +
      "    target: { privilegedRole: global-admin }\n    frequency: monthly\n    startsOn: 2027-01-04\n    reviewers: [li.wei@contoso.org]\n    whenNoResponse: removeAccess",
    references: ["https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-create-roles-and-resource-roles-review"],
    check: govPimGroupsReviewedQuarterly,
  },
  {
    pack: "access-governance",
    id: "IDAC-GOV-015",
    title: "Every highly confidential business role should be reviewed at least quarterly, removing access nobody confirms",
    severity: "high",
    level: "warning",
    rationale:
      "Highly confidential access (payments, payroll, personnel files) is the access an auditor asks about first: " +
      "someone must confirm each holder at least every quarter, and access nobody confirms must go.",
    remediation:
      "Give the role's access package a quarterly review with whenNoResponse: removeAccess, or add an access review of the role " + "(target: { role: <id> }).",
    example: "    assignment:\n      ...\n      review: { frequency: quarterly, reviewers: manager, whenNoResponse: removeAccess }",
    references: ["https://learn.microsoft.com/entra/id-governance/access-reviews-overview"],
    check: govHighlyConfidentialReviewedQuarterly,
  },
  // --- end access reviews ---
];
