import { OWNERS } from "../../helpers/catalog";
import { caPolicies, CA_FILE, environment, ENVIRONMENT_FILE, policy, ROLES_FILE, smallCatalog, type Files } from "../../helpers/small-catalog";
import type { RuleCase } from "./case";

const group = (id: string, displayName: string, membership = "{ type: assigned }") => `  - id: ${id}
    displayName: ${displayName}
    description: ${id}
    owners: ${OWNERS}
    membership: ${membership}
`;
const groups = (...g: string[]): Files => smallCatalog({ [ROLES_FILE]: `groups:\n${g.join("")}` });
const roles = (...r: string[]): Files => smallCatalog({ [ROLES_FILE]: `groups:\n${group("fin-ap", "FIN Accounts Payable")}businessRoles:\n${r.join("")}` });
const birthright = (entitlements: string, when: string) => `  - id: fin-staff
    displayName: Finance staff
    description: Everyone in Finance
    owners: ${OWNERS}
    entitlements: ${entitlements}
    assignment:
      type: birthright
      when: ${when}
`;
const AT = (id: string, line: string, file = ROLES_FILE) => ({ id, file, line });
const MFA = "grant: { controls: [mfa] }";

export const HYGIENE_CASES: RuleCase[] = [
  {
    rule: "IDAC-HYG-001",
    name: "a name outside the framework",
    fail: smallCatalog(caPolicies(policy("ca008", MFA, { displayName: "Everybody needs MFA" }))),
    pass: smallCatalog(caPolicies(policy("ca008", MFA))),
    at: AT("ca008", "displayName: Everybody needs MFA", CA_FILE),
  },
  {
    rule: "IDAC-HYG-001",
    name: "a number outside the persona's range",
    fail: smallCatalog(caPolicies(policy("ca008", MFA, { displayName: "CA100-Global-BaseProtection-AllApps-AnyPlatform-MFA" }))),
    pass: smallCatalog(caPolicies(policy("ca008", MFA, { displayName: "CA008-Global-BaseProtection-AllApps-AnyPlatform-MFA" }))),
    at: AT("ca008", "displayName: CA100-Global", CA_FILE),
  },
  {
    rule: "IDAC-HYG-002",
    fail: groups(group("fin-ap", "Accounts payable")),
    pass: groups(group("fin-ap", "FIN Accounts Payable")),
    at: AT("fin-ap", "displayName: Accounts payable"),
  },
  {
    rule: "IDAC-HYG-003",
    fail: { ...smallCatalog(caPolicies(policy("ca008", MFA))), [CA_FILE]: caPolicies(policy("ca008", MFA))[CA_FILE]!.replace("    description: ca008\n", "") },
    pass: smallCatalog(caPolicies(policy("ca008", MFA))),
    at: AT("ca008", "- id: ca008", CA_FILE),
  },
  {
    rule: "IDAC-HYG-004",
    name: "a dynamic group",
    fail: groups(group("fin-all", "FIN All", "{ type: dynamic, when: { department: Finance, userType: Guest } }")),
    pass: groups(group("fin-all", "FIN All", "{ type: dynamic, when: { department: Finance } }")),
    at: AT("fin-all", "when: { department: Finance, userType: Guest }"),
  },
  {
    rule: "IDAC-HYG-004",
    name: "a birthright role",
    fail: roles(birthright("{ groups: [fin-ap] }", "{ department: Finance, userType: Guest }")),
    pass: roles(birthright("{ groups: [fin-ap] }", "{ department: Finance }")),
    at: AT("fin-staff", "when: { department: Finance, userType: Guest }"),
  },
  {
    rule: "IDAC-HYG-005",
    name: "a dynamic group",
    fail: groups(group("fin-all", "FIN All", "{ type: dynamic, when: { userType: Member } }")),
    pass: groups(group("fin-all", "FIN All", "{ type: dynamic, when: { department: Finance } }")),
    at: AT("fin-all", "when: { userType: Member }"),
  },
  {
    rule: "IDAC-HYG-005",
    name: "a birthright role",
    fail: roles(birthright("{ groups: [fin-ap] }", "{ userType: Member }")),
    pass: roles(birthright("{ groups: [fin-ap] }", "{ department: Finance }")),
    at: AT("fin-staff", "when: { userType: Member }"),
  },
  {
    rule: "IDAC-HYG-006",
    fail: roles(birthright("{}", "{ department: Finance }")),
    pass: roles(birthright("{ groups: [fin-ap] }", "{ department: Finance }")),
    at: AT("fin-staff", "entitlements: {}"),
  },
  {
    rule: "IDAC-HYG-007",
    fail: groups(group("fin-ap", "FIN Accounts Payable"), group("fin-ap-copy", "FIN accounts payable")),
    pass: groups(group("fin-ap", "FIN Accounts Payable"), group("fin-ap-copy", "FIN Accounts Payable Archive")),
    at: AT("fin-ap-copy", "displayName: FIN accounts payable"),
  },
  {
    rule: "IDAC-HYG-008",
    fail: groups(group("fin-ap", "FIN Accounts Payable", "{ type: assigned, members: [carol@example.co] }")),
    pass: groups(group("fin-ap", "FIN Accounts Payable", "{ type: assigned, members: [carol@example.org] }")),
    at: AT("fin-ap", "members: [carol@example.co]"),
  },
  {
    rule: "IDAC-HYG-009",
    fail: smallCatalog(environment("", { domains: false })),
    pass: smallCatalog(environment()),
    at: { id: "test", file: ENVIRONMENT_FILE, line: "- id: test" },
  },
];
