import { OWNERS } from "../../helpers/catalog";
import { PRIVILEGED_FILE, ROLES_FILE, smallCatalog, type Files } from "../../helpers/small-catalog";
import type { RuleCase } from "./case";

const REVIEWS_FILE = "policies/access-reviews.yaml";
const SOD_FILE = "policies/sod.yaml";

const PIM = `privilegedRoles:
  - id: user-admin
    directoryRole: User Administrator
    group: { displayName: PIM-user-admin, description: User admins through PIM, owners: ${OWNERS} }
    eligible:
      - { principal: ann.owner@example.org, durationDays: 30 }
    activation: { maxDurationHours: 8 }
`;
const review = (target: string, lines: string) => `  - id: ar-one
    displayName: The review
    description: A recurring access review
    target: ${target}
    startsOn: 2027-01-04
    reviewers: [carol@example.org]
${lines}`;
const reviews = (...r: string[]): Files => ({ [REVIEWS_FILE]: `accessReviews:\n${r.join("")}` });

const requestable = (id: string, sensitivity: string, reviewLine: string, group = "fin-ap") => `  - id: ${id}
    displayName: ${id}
    description: ${id}
    owners: ${OWNERS}
    sensitivity: ${sensitivity}
    entitlements: { groups: [${group}] }
    assignment:
      type: request
      catalog: cat-finance
      requestors: { scope: allMembers }
      approval: { stages: [{ approvers: [manager], backupApprovers: [dan@example.org] }] }
      expiry: { afterDays: 90 }
      review: ${reviewLine}
`;
const ROLES = (roles: string) =>
  smallCatalog({
    [ROLES_FILE]: `groups:
  - { id: fin-ap, displayName: FIN AP, description: AP, owners: ${OWNERS}, membership: { type: assigned } }
  - { id: fin-pay, displayName: FIN Pay, description: Pay, owners: ${OWNERS}, membership: { type: assigned } }
accessPackageCatalogs:
  - { id: cat-finance, displayName: Finance, description: Finance access }
businessRoles:
${roles}`,
  });
const QUARTERLY = "{ frequency: quarterly, reviewers: manager, whenNoResponse: removeAccess }";
const sod = (enforcement: string) => ({
  [SOD_FILE]: `sodRules:
  - id: sod-initiate-vs-approve
    title: Nobody should both initiate and approve payments
    rationale: The four-eyes principle on payments.
    severity: critical
    enforcement: ${enforcement}
    conflictingSets:
      - { name: Initiate, entitlements: [role:pay-initiator] }
      - { name: Approve, entitlements: [role:pay-approver] }
`,
});
const PAIR = requestable("pay-initiator", "confidential", QUARTERLY) + requestable("pay-approver", "confidential", QUARTERLY, "fin-pay");

export const GOVERNANCE_CASES: RuleCase[] = [
  {
    rule: "IDAC-GOV-014",
    name: "a PIM group nobody reviews",
    fail: smallCatalog({ [PRIVILEGED_FILE]: PIM }),
    pass: smallCatalog({ [PRIVILEGED_FILE]: PIM }, reviews(review("{ privilegedRole: user-admin }", "    frequency: quarterly\n"))),
    at: { id: "user-admin", file: PRIVILEGED_FILE, line: "- id: user-admin" },
  },
  {
    rule: "IDAC-GOV-014",
    name: "a PIM group reviewed half-yearly",
    fail: smallCatalog({ [PRIVILEGED_FILE]: PIM }, reviews(review("{ privilegedRole: user-admin }", "    frequency: halfyearly\n"))),
    pass: smallCatalog({ [PRIVILEGED_FILE]: PIM }, reviews(review("{ privilegedRole: user-admin }", "    frequency: monthly\n"))),
    at: { id: "user-admin", file: PRIVILEGED_FILE, line: "- id: user-admin" },
  },
  {
    rule: "IDAC-GOV-014",
    name: "a PIM group whose review keeps access nobody confirms",
    fail: smallCatalog(
      { [PRIVILEGED_FILE]: PIM },
      reviews(review("{ privilegedRole: user-admin }", "    frequency: quarterly\n    whenNoResponse: keepAccess\n")),
    ),
    pass: smallCatalog(
      { [PRIVILEGED_FILE]: PIM },
      reviews(review("{ privilegedRole: user-admin }", "    frequency: quarterly\n    whenNoResponse: removeAccess\n")),
    ),
    at: { id: "user-admin", file: PRIVILEGED_FILE, line: "- id: user-admin" },
  },
  {
    rule: "IDAC-GOV-015",
    name: "a highly confidential package reviewed half-yearly",
    fail: ROLES(requestable("pay-approver", "highlyConfidential", "{ frequency: halfyearly, reviewers: manager, whenNoResponse: removeAccess }")),
    pass: ROLES(requestable("pay-approver", "highlyConfidential", QUARTERLY)),
    at: { id: "pay-approver", file: ROLES_FILE, line: "- id: pay-approver" },
  },
  {
    rule: "IDAC-GOV-015",
    name: "a half-yearly package review made good by a quarterly access review of the role",
    fail: ROLES(requestable("pay-approver", "highlyConfidential", "{ frequency: annual, reviewers: manager, whenNoResponse: removeAccess }")),
    pass: {
      ...ROLES(requestable("pay-approver", "highlyConfidential", "{ frequency: annual, reviewers: manager, whenNoResponse: removeAccess }")),
      ...reviews(review("{ role: pay-approver }", "    frequency: quarterly\n")),
    },
    at: { id: "pay-approver", file: ROLES_FILE, line: "- id: pay-approver" },
  },
  {
    rule: "IDAC-SOD-005",
    fail: { ...ROLES(PAIR), ...sod("reportOnly") },
    pass: { ...ROLES(PAIR), ...sod("incompatible") },
    at: { id: "sod-initiate-vs-approve", file: SOD_FILE, line: "- id: sod-initiate-vs-approve" },
  },
];
