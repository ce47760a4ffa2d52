import type { Rule } from "../types";
import { govCatalogsUsed } from "../rules/gov-catalogs-used";
import { govManagerApprovalHasBackup } from "../rules/gov-manager-approval-has-backup";
import { govNoSelfApproval } from "../rules/gov-no-self-approval";
import { govPackagesReferenceExistingGroups } from "../rules/gov-packages-reference-existing-groups";
import { govRequestableExpires } from "../rules/gov-requestable-expires";
import { govRequestableHasApproval } from "../rules/gov-requestable-has-approval";
import { govReviewRemovesAccess } from "../rules/gov-review-removes-access";
import { govSensitiveAccessReviewed } from "../rules/gov-sensitive-access-reviewed";
import { govTwoOwners } from "../rules/gov-two-owners";

const EM = "https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-create";
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
  { pack: "access-governance", id: "IDAC-GOV-001", title: "Every requestable access package should require approval", severity: "high", level: "warning", rationale: "Self-service access without approval is a grant to whoever asks.", remediation: "Add approval stages; keep {none: true, reason} only for harmless access and suppress with a reason.", example: PACKAGE, references: [EM], check: govRequestableHasApproval },
  { pack: "access-governance", id: "IDAC-GOV-002", title: "Every requestable access package should expire", severity: "high", level: "error", rationale: "Access that never ends accumulates.", remediation: "Set expiry: { afterDays } or { onDate }.", example: PACKAGE, references: [EM], check: govRequestableExpires },
  { pack: "access-governance", id: "IDAC-GOV-003", title: "Confidential access should be reviewed regularly", severity: "high", level: "error", rationale: "Reviews catch access that outlived its reason.", remediation: "Add review: { frequency, reviewers, whenNoResponse: removeAccess }.", example: PACKAGE, references: ["https://learn.microsoft.com/entra/id-governance/entitlement-management-access-reviews-create"], check: govSensitiveAccessReviewed },
  { pack: "access-governance", id: "IDAC-GOV-004", protectsTenant: true, title: "Requestors should never be able to approve their own requests", severity: "critical", level: "error", rationale: "Self-approval defeats approval.", remediation: "Use an approver group that is not among the requestor groups.", example: PACKAGE, references: [EM], check: govNoSelfApproval },
  { pack: "access-governance", id: "IDAC-GOV-005", title: "Approval by the requestor's manager should have a backup approver", severity: "medium", level: "error", rationale: "Requestors without a manager in Entra could never be approved.", remediation: "Add backupApprovers to the stage.", example: PACKAGE, references: ["MT.1109"], check: govManagerApprovalHasBackup },
  { pack: "access-governance", id: "IDAC-GOV-006", title: "Every group and access package should have at least two owners", severity: "medium", level: "warning", rationale: "A single owner leaves an orphan when they leave.", remediation: "Add a second owner who can decide about the group or package.", example: "groups:\n  - id: fin-ap\n    owners: [owner.one@contoso.org, owner.two@contoso.org]", references: ["https://learn.microsoft.com/entra/identity/users/groups-lifecycle"], check: govTwoOwners },
  { pack: "access-governance", id: "IDAC-GOV-007", title: "Every access package catalog should hold at least one access package", severity: "low", level: "warning", rationale: "Unused catalog resources are forgotten access.", remediation: "Remove the catalog or give it an access package.", example: "accessPackageCatalogs:\n  - id: cat-finance\n    ...", references: ["MT.1110"], check: govCatalogsUsed },
  { pack: "access-governance", id: "IDAC-GOV-008", title: "Access packages should grant only groups that exist", severity: "high", level: "error", rationale: "A package pointing at a deleted group grants nothing and hides it.", remediation: "Grant groups declared in the catalog.", example: PACKAGE, references: ["MT.1107"], check: govPackagesReferenceExistingGroups },
  { pack: "access-governance", id: "IDAC-GOV-009", title: "Sensitive access should be removed when reviewers do not answer", severity: "medium", level: "warning", rationale: "Unanswered reviews should not silently extend access.", remediation: "Set review.whenNoResponse: removeAccess.", example: PACKAGE, references: ["https://learn.microsoft.com/entra/id-governance/entitlement-management-access-reviews-create"], check: govReviewRemovesAccess },
];
