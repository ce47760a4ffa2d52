import type { Rule } from "../types";
import { sodBirthrightOverlap, sodRequestVsBirthright, sodSharedApprovers, sodSingleRole } from "../rules/sod-checks";
import { sodEnforcedAtRequest } from "../rules/sod-enforced-at-request";

const SOD = "https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-incompatible";
const RULE =
  "sodRules:\n  - id: sod-vendor-vs-payment\n    conflictingSets:\n      - { name: " +
  "Vendors, entitlements: [role:fin-vendor-master] }\n      - { name: Payments, " +
  "entitlements: [role:fin-payment-approver] }";

/** Segregation of duties over effective entitlements (the catalog's sodRules). */
export const SOD_PACK: readonly Rule[] = [
  {
    pack: "segregation-of-duties",
    id: "IDAC-SOD-001",
    protectsTenant: true,
    title: "No business role should hold conflicting entitlements",
    severity: "critical",
    level: "error",
    rationale: "A role with both sides of a conflict gives one person both duties.",
    remediation: "Split the role so no role includes both conflicting sets.",
    example: RULE,
    references: [SOD],
    check: sodSingleRole,
  },
  {
    pack: "segregation-of-duties",
    id: "IDAC-SOD-002",
    title: "Conflicting roles should not both be birthright for overlapping HR populations",
    severity: "high",
    level: "error",
    rationale: "People in both populations get both duties automatically.",
    remediation: "Narrow one of the HR conditions so the populations cannot overlap, or make one role requestable.",
    example: RULE,
    references: [SOD],
    check: sodBirthrightOverlap,
  },
  {
    pack: "segregation-of-duties",
    id: "IDAC-SOD-003",
    title: "A requestable role should not conflict with a role its requestors hold by birthright",
    severity: "high",
    level: "error",
    rationale: "Approval alone then decides whether someone gets both duties.",
    remediation: "Restrict who may request the role to people who cannot hold the conflicting birthright role.",
    example: RULE,
    references: [SOD],
    check: sodRequestVsBirthright,
  },
  {
    pack: "segregation-of-duties",
    id: "IDAC-SOD-004",
    title: "Conflicting requestable roles should not share approvers",
    severity: "medium",
    level: "warning",
    rationale: "One approver can grant both duties to the same person.",
    remediation: "Use different approvers for the conflicting roles.",
    example: RULE,
    references: [SOD],
    check: sodSharedApprovers,
  },
  // --- SoD enforcement ---
  {
    pack: "segregation-of-duties",
    id: "IDAC-SOD-005",
    title: "An SoD rule between requestable roles should be enforced when someone requests access",
    severity: "medium",
    level: "warning",
    rationale:
      "A report-only rule is checked on the catalog; two requestable roles on different sides can still both be " +
      "requested by one person, and then only the approvers stand in the way. Entra can refuse the second request " +
      "outright (incompatible access packages).",
    remediation: "Set enforcement: incompatible on the rule (idac makes the roles' access packages incompatible with each other).",
    example: RULE + "\n    enforcement: incompatible",
    references: [SOD],
    check: sodEnforcedAtRequest,
  },
  // --- end SoD enforcement ---
];
