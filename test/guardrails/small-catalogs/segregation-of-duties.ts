import { OWNERS } from "../../helpers/catalog";
import { ROLES_FILE, smallCatalog, type Files } from "../../helpers/small-catalog";
import type { RuleCase } from "./case";

const SOD_FILE = "policies/sod.yaml";
const SOD = `sodRules:
  - id: sod-vendor-vs-payment
    title: Nobody should both maintain vendors and approve payments
    rationale: Changing a supplier's bank details and releasing its payment is the classic payment-fraud path.
    severity: critical
    conflictingSets:
      - name: Vendor master data
        entitlements: [group:fin-vendor]
      - name: Payment approval
        entitlements: [group:fin-pay]
`;
const group = (id: string, membership = "{ type: assigned }") => `  - id: ${id}
    displayName: FIN ${id}
    description: ${id}
    owners: ${OWNERS}
    membership: ${membership}
`;
const GROUPS = [
  group("fin-vendor"),
  group("fin-pay"),
  group("fin-staff-all", "{ type: dynamic, when: { department: Finance } }"),
  group("treasury-staff-all", "{ type: dynamic, when: { department: Treasury } }"),
].join("");

const birthright = (id: string, grants: string, department: string) => `  - id: ${id}
    displayName: ${id}
    description: ${id}
    owners: ${OWNERS}
    entitlements: { groups: [${grants}] }
    assignment: { type: birthright, when: { department: ${department} } }
`;
const requestable = (id: string, grants: string, requestors: string, approvers: string) => `  - id: ${id}
    displayName: ${id}
    description: ${id}
    owners: ${OWNERS}
    entitlements: { groups: [${grants}] }
    assignment:
      type: request
      catalog: cat-finance
      requestors: { scope: groups, groups: [${requestors}] }
      approval:
        stages:
          - approvers: [${approvers}]
      expiry: { afterDays: 90 }
`;
/** The SoD rule vendor master data vs payment approval, the groups it names, and the business roles given. */
const catalog = (...roles: string[]): Files =>
  smallCatalog({
    [SOD_FILE]: SOD,
    [ROLES_FILE]:
      `groups:\n${GROUPS}accessPackageCatalogs:\n  - { id: cat-finance, ` +
      `displayName: Finance, description: Finance access }\nbusinessRoles:\n${roles.join("")}`,
  });
const AT = (id: string) => ({ id, file: ROLES_FILE, line: `- id: ${id}` });

export const SEGREGATION_OF_DUTIES_CASES: RuleCase[] = [
  {
    rule: "IDAC-SOD-001",
    fail: catalog(birthright("fin-officer", "fin-vendor, fin-pay", "Finance")),
    pass: catalog(birthright("fin-officer", "fin-vendor", "Finance")),
    at: AT("fin-officer"),
  },
  {
    rule: "IDAC-SOD-002",
    fail: catalog(birthright("fin-vendor-steward", "fin-vendor", "Finance"), birthright("fin-payer", "fin-pay", "Finance")),
    pass: catalog(birthright("fin-vendor-steward", "fin-vendor", "Finance"), birthright("fin-payer", "fin-pay", "Treasury")),
    at: AT("fin-payer"),
  },
  {
    rule: "IDAC-SOD-003",
    fail: catalog(
      birthright("fin-vendor-steward", "fin-vendor", "Finance"),
      requestable("fin-payer", "fin-pay", "fin-staff-all", "erin@example.org, frank@example.org"),
    ),
    pass: catalog(
      birthright("fin-vendor-steward", "fin-vendor", "Finance"),
      requestable("fin-payer", "fin-pay", "treasury-staff-all", "erin@example.org, frank@example.org"),
    ),
    at: AT("fin-payer"),
  },
  {
    rule: "IDAC-SOD-004",
    name: "the role of the first set sorts before the other",
    fail: catalog(
      requestable("fin-a-vendor-steward", "fin-vendor", "fin-staff-all", "erin@example.org"),
      requestable("fin-payer", "fin-pay", "fin-staff-all", "erin@example.org"),
    ),
    pass: catalog(
      requestable("fin-a-vendor-steward", "fin-vendor", "fin-staff-all", "erin@example.org"),
      requestable("fin-payer", "fin-pay", "fin-staff-all", "frank@example.org"),
    ),
    at: AT("fin-a-vendor-steward"),
  },
  {
    rule: "IDAC-SOD-004",
    name: "the role of the first set sorts after the other",
    fail: catalog(
      requestable("fin-vendor-steward", "fin-vendor", "fin-staff-all", "erin@example.org"),
      requestable("fin-payer", "fin-pay", "fin-staff-all", "erin@example.org"),
    ),
    pass: catalog(
      requestable("fin-vendor-steward", "fin-vendor", "fin-staff-all", "erin@example.org"),
      requestable("fin-payer", "fin-pay", "fin-staff-all", "frank@example.org"),
    ),
    at: AT("fin-payer"),
  },
];
