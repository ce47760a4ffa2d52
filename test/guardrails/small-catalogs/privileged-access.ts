import { OWNERS } from "../../helpers/catalog";
import { environment, ENVIRONMENT_FILE, PRIVILEGED_FILE, ROLES_FILE, smallCatalog, type Files } from "../../helpers/small-catalog";
import type { RuleCase } from "./case";

const ENV = { id: "test", file: ENVIRONMENT_FILE, line: "- id: test" };
const AT = (id: string, line: string) => ({ id, file: PRIVILEGED_FILE, line });

interface Role {
  id: string;
  directoryRole: string;
  owners?: string;
  eligible?: string[];
  /** The eligibility list as YAML lines, instead of `eligible`. */
  eligibleLines?: string;
  lines?: string;
  activation?: string;
}
/** A privileged role (a PIM group for one directory role); `lines` are added under the role. */
const role = (r: Role) =>
  `  - id: ${r.id}
    directoryRole: ${r.directoryRole}
    group: { displayName: PIM-${r.id}, description: ${r.directoryRole} through PIM, owners: ${r.owners ?? "[ann.owner@example.org, bob.owner@example.org]"} }
    eligible:\n` +
  (r.eligibleLines ??
    (r.eligible ?? ["ann.owner@example.org", "bob.owner@example.org"]).map((p) => `      - { principal: ${p}, durationDays: 30 }\n`).join("")) +
  `    activation: ` +
  `${r.activation ?? "{ maxDurationHours: 1, approvers: [carol@example.org] }"}
${r.lines ?? ""}`;
const roles = (...r: string[]): Files => smallCatalog({ [PRIVILEGED_FILE]: `privilegedRoles:\n${r.join("")}` });
const admins = (n: number) => Array.from({ length: n }, (_, i) => `admin${i + 1}@example.org`);
const GA = (r: Partial<Role> = {}) =>
  role({ id: "global-admin", directoryRole: "Global Administrator", owners: "[admin1@example.org, admin2@example.org]", eligible: admins(2), ...r });
/** Helen and Ian hold Helpdesk Administrator and own its group. */
const HELPDESK = role({
  id: "helpdesk",
  directoryRole: "Helpdesk Administrator",
  owners: "[helen@example.org, ian@example.org]",
  eligible: ["helen@example.org", "ian@example.org"],
  activation: "{ maxDurationHours: 8 }",
});
const USER_ADMIN = (r: Partial<Role> = {}) => role({ id: "user-admin", directoryRole: "User Administrator", activation: "{ maxDurationHours: 8 }", ...r });

export const PRIVILEGED_ACCESS_CASES: RuleCase[] = [
  {
    rule: "IDAC-PRIV-001",
    name: "a permanent active assignment",
    fail: roles(USER_ADMIN({ lines: "    active:\n      - { principal: carol@example.org, permanent: true }\n" })),
    pass: roles(USER_ADMIN()),
    at: AT("user-admin", "principal: carol@example.org, permanent: true"),
  },
  {
    rule: "IDAC-PRIV-001",
    name: "standing members of a role-assignable group",
    fail: smallCatalog({
      [ROLES_FILE]:
        `groups:\n  - id: tier0\n    displayName: ICT Tier 0\n    ` +
        `description: Tier 0\n    owners: ${OWNERS}\n    assignableToRole: true\n    membership: ` +
        `{ type: assigned, members: [carol@example.org] }\n`,
    }),
    pass: smallCatalog({
      [ROLES_FILE]:
        `groups:\n  - id: tier0\n    displayName: ICT Tier 0\n    ` +
        `description: Tier 0\n    owners: ${OWNERS}\n    assignableToRole: true\n    membership: ` +
        `{ type: assigned }\n`,
    }),
    at: { id: "tier0", file: ROLES_FILE, line: "members: [carol@example.org]" },
  },
  { rule: "IDAC-PRIV-002", fail: roles(GA({ eligible: admins(7) })), pass: roles(GA({ eligible: admins(6) })), at: ENV },
  { rule: "IDAC-PRIV-003", fail: roles(GA({ eligible: admins(3) })), pass: roles(GA({ eligible: admins(2) })), at: ENV },
  {
    rule: "IDAC-PRIV-004",
    fail: roles(GA({ activation: "{ maxDurationHours: 1 }" })),
    pass: roles(GA()),
    at: AT("global-admin", "activation: { maxDurationHours: 1 }"),
  },
  {
    rule: "IDAC-PRIV-005",
    name: "Global Administrator for two hours",
    fail: roles(GA({ activation: "{ maxDurationHours: 2, approvers: [carol@example.org] }" })),
    pass: roles(GA()),
    at: AT("global-admin", "maxDurationHours: 2"),
  },
  {
    rule: "IDAC-PRIV-005",
    name: "another role for nine hours",
    fail: roles(USER_ADMIN({ activation: "{ maxDurationHours: 9 }" })),
    pass: roles(USER_ADMIN({ activation: "{ maxDurationHours: 8 }" })),
    at: AT("user-admin", "maxDurationHours: 9"),
  },
  {
    rule: "IDAC-PRIV-006",
    fail: roles(USER_ADMIN({ activation: "{ maxDurationHours: 8, requireMfa: false }" })),
    pass: roles(USER_ADMIN()),
    at: AT("user-admin", "requireMfa: false"),
  },
  {
    rule: "IDAC-PRIV-007",
    name: "eligibility for 91 days",
    fail: roles(USER_ADMIN({ eligibleLines: "      - { principal: carol@example.org, durationDays: 91 }\n" })),
    pass: roles(USER_ADMIN({ eligibleLines: "      - { principal: carol@example.org, durationDays: 90 }\n" })),
    at: AT("user-admin", "durationDays: 91"),
  },
  {
    rule: "IDAC-PRIV-007",
    name: "an eligibility that ended",
    fail: roles(USER_ADMIN({ eligibleLines: "      - { principal: carol@example.org, expires: 2026-11-21 }\n" })),
    pass: roles(USER_ADMIN({ eligibleLines: "      - { principal: carol@example.org, expires: 2026-11-22 }\n" })),
    at: AT("user-admin", "expires: 2026-11-21"),
  },
  { rule: "IDAC-PRIV-008", fail: roleAssignableGroups(501), pass: roleAssignableGroups(500), at: ENV },
  {
    rule: "IDAC-PRIV-009",
    fail: roles(USER_ADMIN({ owners: "[ann.owner@example.org, dave@example.org]" })),
    pass: roles(USER_ADMIN()),
    at: AT("user-admin", "owners: [ann.owner@example.org, dave@example.org]"),
  },
  {
    rule: "IDAC-PRIV-010",
    fail: roles(GA({ eligible: ["admin1@example.org"] })),
    pass: roles(GA({ eligible: ["admin1@example.org"] }), USER_ADMIN()),
    at: ENV,
  },
  {
    rule: "IDAC-PRIV-011",
    fail: roles(USER_ADMIN({ eligible: ["ann.owner@example.org", "bob.owner@example.org", '"guest_partner.org#EXT#@example.onmicrosoft.com"'] })),
    pass: roles(USER_ADMIN()),
    at: AT("user-admin", "- { principal: ann.owner@example.org"),
  },
  {
    rule: "IDAC-PRIV-012",
    fail: roles(USER_ADMIN({ activation: "{ maxDurationHours: 8, requireJustification: false }" })),
    pass: roles(USER_ADMIN()),
    at: AT("user-admin", "requireJustification: false"),
  },
  {
    rule: "IDAC-PRIV-013",
    fail: roles(USER_ADMIN({ owners: "[ann.owner@example.org, helen@example.org]" }), HELPDESK),
    pass: roles(USER_ADMIN({ owners: "[ann.owner@example.org, helen@example.org]", eligible: ["ann.owner@example.org", "helen@example.org"] }), HELPDESK),
    at: AT("user-admin", "owners: [ann.owner@example.org, helen@example.org]"),
  },
  {
    rule: "IDAC-PRIV-014",
    fail: {
      ...roles(USER_ADMIN()),
      [ROLES_FILE]:
        `groups:\n  - id: look-alike\n    displayName: PIM-user-admin\n    ` +
        `description: Named like the PIM group\n    owners: ${OWNERS}\n    membership: { type: ` +
        `assigned }\n`,
    },
    pass: {
      ...roles(USER_ADMIN()),
      [ROLES_FILE]:
        `groups:\n  - id: look-alike\n    displayName: ICT User reports\n    ` +
        `description: Named like the PIM group\n    owners: ${OWNERS}\n    membership: { type: ` +
        `assigned }\n`,
    },
    at: { id: "look-alike", file: ROLES_FILE, line: "displayName: PIM-user-admin" },
  },
  {
    rule: "IDAC-PRIV-015",
    fail: roles(USER_ADMIN({ eligible: ["ann.owner@example.org", "bob.owner@example-org.com"] })),
    pass: roles(USER_ADMIN()),
    at: AT("user-admin", "bob.owner@example-org.com"),
  },
];

/** n role-assignable groups, one a line: IDAC-PRIV-008 counts them against Entra's limit of 500 per tenant. */
function roleAssignableGroups(n: number): Files {
  const groups = Array.from(
    { length: n },
    (_, i) => `  - { id: g${i}, displayName: ICT Tier ${i}, description: Tier, owners: ${OWNERS}, assignableToRole: true, membership: { type: assigned } }`,
  );
  return smallCatalog(environment(), { [ROLES_FILE]: `groups:\n${groups.join("\n")}\n` });
}
