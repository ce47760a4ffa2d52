import { OWNERS } from "../../helpers/catalog";
import { ROLES_FILE, smallCatalog, type Files } from "../../helpers/small-catalog";
import type { RuleCase } from "./case";

interface Package {
  sensitivity?: string;
  owners?: string;
  requestors?: string;
  /** The approval, as YAML lines under `approval:` (indented by eight spaces) or a flow mapping. */
  approval?: string;
  expiry?: string;
  /** The review line, or "" for none. */
  review?: string;
}
const STAGES = "\n        stages:\n          - approvers: [manager]\n            backupApprovers: [dan@example.org]";

/** A requestable business role (an access package) granting the assigned group fin-ap. */
const pkg = (p: Package = {}) => `  - id: fin-clerk
    displayName: AP clerk
    description: Enters invoices
    owners: ${p.owners ?? OWNERS}
    sensitivity: ${p.sensitivity ?? "confidential"}
    entitlements: { groups: [fin-ap] }
    assignment:
      type: request
      catalog: cat-finance
      requestors: ${p.requestors ?? "{ scope: groups, groups: [fin-staff-all] }"}
      approval: ${p.approval ?? STAGES}
      expiry: ${p.expiry ?? "{ afterDays: 180 }"}
${p.review === "" ? "" : `      review: ${p.review ?? "{ frequency: quarterly, reviewers: manager, whenNoResponse: removeAccess }"}\n`}`;

const GROUPS = `groups:
  - id: fin-staff-all
    displayName: FIN All Finance
    description: Everyone in Finance
    owners: ${OWNERS}
    membership: { type: dynamic, when: { department: Finance } }
  - id: fin-ap
    displayName: FIN Accounts Payable
    description: Accounts payable
    owners: ${OWNERS}
    membership: { type: assigned }
`;
const CATALOGS = (extra = "") => `accessPackageCatalogs:
  - id: cat-finance
    displayName: Finance
    description: Finance access
${extra}`;

/** The groups, the catalog cat-finance and the business roles given, in one file. */
const catalog = (roles: string, options: { groups?: string; catalogs?: string } = {}): Files =>
  smallCatalog({ [ROLES_FILE]: `${options.groups ?? GROUPS}${options.catalogs ?? CATALOGS()}businessRoles:\n${roles}` });
const AT = (line: string, id = "fin-clerk") => ({ id, file: ROLES_FILE, line });

export const ACCESS_GOVERNANCE_CASES: RuleCase[] = [
  {
    rule: "IDAC-GOV-001",
    fail: catalog(pkg({ approval: "{ none: true, reason: Invoices are entered by everyone }" })),
    pass: catalog(pkg()),
    at: AT("approval: { none: true"),
  },
  { rule: "IDAC-GOV-002", fail: catalog(pkg({ expiry: "{ never: true }" })), pass: catalog(pkg()), at: AT("expiry: { never: true }") },
  { rule: "IDAC-GOV-003", fail: catalog(pkg({ review: "" })), pass: catalog(pkg()), at: AT("type: request") },
  {
    rule: "IDAC-GOV-004",
    fail: catalog(pkg({ approval: "\n        stages:\n          - approvers: [group:fin-staff-all]" })),
    pass: catalog(pkg()),
    at: AT("approvers: [group:fin-staff-all]"),
  },
  {
    rule: "IDAC-GOV-005",
    fail: catalog(pkg({ approval: "\n        stages:\n          - approvers: [manager]" })),
    pass: catalog(pkg()),
    at: AT("approvers: [manager]"),
  },
  {
    rule: "IDAC-GOV-006",
    name: "a group with one owner",
    fail: catalog(pkg(), {
      groups: GROUPS.replace(`owners: ${OWNERS}\n    membership: { type: assigned }`, "owners: [ann.owner@example.org]\n    membership: { type: assigned }"),
    }),
    pass: catalog(pkg()),
    at: AT("owners: [ann.owner@example.org]", "fin-ap"),
  },
  {
    rule: "IDAC-GOV-006",
    name: "an access package with one owner",
    fail: catalog(pkg({ owners: "[ann.owner@example.org, ann.owner@example.org]" })),
    pass: catalog(pkg()),
    at: AT("owners: [ann.owner@example.org, ann.owner@example.org]"),
  },
  {
    rule: "IDAC-GOV-007",
    fail: catalog(pkg(), { catalogs: CATALOGS("  - id: cat-unused\n    displayName: Unused\n    description: Holds nothing\n") }),
    pass: catalog(pkg()),
    at: AT("- id: cat-unused", "cat-unused"),
  },
  {
    rule: "IDAC-GOV-009",
    fail: catalog(pkg({ review: "{ frequency: quarterly, reviewers: manager, whenNoResponse: keepAccess }" })),
    pass: catalog(pkg()),
    at: AT("whenNoResponse: keepAccess"),
  },
  {
    rule: "IDAC-GOV-010",
    fail: catalog(pkg({ requestors: "{ scope: allMembers }", approval: "\n        stages:\n          - approvers: [erin@example.org]" })),
    pass: catalog(pkg({ requestors: "{ scope: allMembers }", approval: "\n        stages:\n          - approvers: [erin@example.org, frank@example.org]" })),
    at: AT("approvers: [erin@example.org]"),
  },
  {
    rule: "IDAC-GOV-011",
    fail: catalog(pkg({ approval: "\n        stages:\n          - approvers: [erin@example.org]" })),
    pass: catalog(pkg({ approval: "\n        stages:\n          - approvers: [erin@example.org, frank@example.org]" })),
    at: AT("approvers: [erin@example.org]"),
  },
  {
    rule: "IDAC-GOV-012",
    fail: catalog(
      pkg({ sensitivity: "highlyConfidential", requestors: "{ scope: allUsers }", approval: "{ none: true, reason: Everybody reads the treasury reports }" }),
    ),
    pass: catalog(pkg({ sensitivity: "highlyConfidential", requestors: "{ scope: allUsers }" })),
    at: AT("approval: { none: true"),
  },
  {
    rule: "IDAC-GOV-013",
    fail: catalog(
      pkg({
        sensitivity: "highlyConfidential",
        approval: "\n        stages:\n          - approvers: [manager]\n            backupApprovers: [dan@example-org.com]",
      }),
    ),
    pass: catalog(pkg({ sensitivity: "highlyConfidential" })),
    at: AT("backupApprovers: [dan@example-org.com]"),
  },
];
