import { caPolicies, CA_FILE, environment, ENVIRONMENT_FILE, policy, ROLES_FILE, smallCatalog } from "../../helpers/small-catalog";
import { OWNERS } from "../../helpers/catalog";
import type { RuleCase } from "./case";

/** The finding of a missing baseline policy is at the environment. */
const ENV = { id: "test", file: ENVIRONMENT_FILE, line: "- id: test" };
const AT_POLICY = (id: string, line = `- id: ${id}`) => ({ id, file: CA_FILE, line });
const only = (...policies: string[]) => smallCatalog(caPolicies(...policies));

const group = (id: string, extra = "") => `  - id: ${id}
    displayName: FIN ${id}
    description: ${id}
    owners: ${OWNERS}
    membership: { type: assigned }
${extra}`;
const groups = (...g: string[]) => ({ [ROLES_FILE]: `groups:\n${g.join("")}` });
const ADMIN_ROLES = "{ include: { roles: [Global Administrator] } }";

export const CONDITIONAL_ACCESS_CASES: RuleCase[] = [
  {
    rule: "IDAC-CA-001",
    name: "a report-only legacy block is a near miss",
    fail: only(policy("ca001", "clientAppTypes: [exchangeActiveSync, other]\ngrant: { block: true }", { state: "reportOnly" })),
    pass: only(policy("ca001", "clientAppTypes: [exchangeActiveSync, other]\ngrant: { block: true }")),
    at: AT_POLICY("ca001"),
  },
  {
    rule: "IDAC-CA-001",
    name: "no legacy block",
    fail: only(policy("ca001", "clientAppTypes: [other]\ngrant: { block: true }")),
    pass: only(policy("ca001", "clientAppTypes: [exchangeActiveSync, other]\ngrant: { block: true }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-002",
    fail: only(policy("ca001", "clientAppTypes: [other]\ngrant: { block: true }")),
    pass: only(policy("ca001", "clientAppTypes: [exchangeActiveSync]\ngrant: { block: true }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-003",
    fail: only(policy("ca003", "userRiskLevels: [high]\ngrant: { controls: [mfa] }")),
    pass: only(policy("ca003", "userRiskLevels: [high]\ngrant: { block: true }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-004",
    fail: only(policy("ca004", "signInRiskLevels: [medium]\ngrant: { block: true }")),
    pass: only(policy("ca004", "signInRiskLevels: [high]\ngrant: { block: true }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-005",
    name: "MFA only outside trusted locations",
    fail: only(policy("ca008", "locations: { include: [All], exclude: [AllTrusted] }\ngrant: { controls: [mfa] }")),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-005",
    name: "an MFA policy that excludes a user is a near miss",
    fail: only(policy("ca008", "grant: { controls: [mfa] }", { users: "{ include: { all: true }, exclude: { users: [ann.owner@example.org] } }" })),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    at: AT_POLICY("ca008"),
  },
  {
    rule: "IDAC-CA-006",
    fail: only(policy("ca008", "grant: { controls: [mfa] }")),
    pass: only(policy("ca008", "grant: { authenticationStrength: phishingResistantMfa }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-007",
    fail: only(policy("ca100", "grant: { authenticationStrength: phishingResistantMfa }", { users: ADMIN_ROLES })),
    pass: only(policy("ca100", "grant: { authenticationStrength: phishingResistantMfa }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-008",
    fail: only(policy("ca008", "grant: { controls: [mfa] }")),
    pass: only(policy("ca008", "grant: { operator: OR, controls: [compliantDevice, domainJoinedDevice] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-009",
    fail: only(policy("ca009", "grant: { controls: [mfa] }", { applications: "{ userActions: [registerSecurityInfo] }" })),
    pass: only(
      policy("ca009", "locations: { include: [All], exclude: [AllTrusted] }\ngrant: { controls: [mfa] }", {
        applications: "{ userActions: [registerSecurityInfo] }",
      }),
    ),
    at: ENV,
  },
  {
    rule: "IDAC-CA-010",
    fail: only(policy("ca002", "authenticationFlows: [authenticationTransfer]\ngrant: { block: true }")),
    pass: only(policy("ca002", "authenticationFlows: [deviceCodeFlow]\ngrant: { block: true }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-011",
    fail: only(policy("ca008", "grant: { controls: [mfa] }\nexcludeBreakGlass: false")),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    at: AT_POLICY("ca008", "excludeBreakGlass: false"),
  },
  {
    rule: "IDAC-CA-012",
    fail: only(policy("ca008", "grant: { controls: [mfa] }")),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    base: { fail: smallCatalog(), pass: only(policy("ca008", "grant: { controls: [mfa] }", { state: "reportOnly" })) },
    at: AT_POLICY("ca008", "state: enabled"),
  },
  {
    rule: "IDAC-CA-013",
    fail: only(policy("ca008", "grant: { controls: [mfa] }", { applications: "{ include: [Office365] }" })),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-014",
    fail: only(policy("ca008", "grant: { controls: [mfa] }", { users: ADMIN_ROLES })),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-015",
    fail: only(policy("ca100", "grant: { controls: [mfa] }", { users: ADMIN_ROLES })),
    pass: only(policy("ca100", "grant: { controls: [mfa] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-016",
    fail: only(policy("ca010", "grant: { controls: [mfa] }", { applications: "{ include: [Office365] }" })),
    pass: only(policy("ca010", "grant: { controls: [mfa] }", { applications: "{ include: [AzureManagement] }" })),
    at: ENV,
  },
  {
    rule: "IDAC-CA-017",
    fail: only(policy("ca004", "signInRiskLevels: [high]\ngrant: { block: true }")),
    pass: only(policy("ca004", "signInRiskLevels: [high]\ngrant: { block: true }"), policy("ca005", "signInRiskLevels: [medium]\ngrant: { controls: [mfa] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-018",
    fail: only(policy("ca003", "userRiskLevels: [high]\ngrant: { controls: [mfa] }")),
    pass: only(policy("ca003", "userRiskLevels: [high]\ngrant: { operator: AND, controls: [mfa, passwordChange] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-019",
    fail: only(policy("ca101", "grant: { controls: [compliantDevice] }", { users: ADMIN_ROLES })),
    pass: only(policy("ca101", "grant: { controls: [compliantDevice] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-020",
    fail: only(policy("ca007", "platforms: { include: [android] }\ngrant: { block: true }")),
    pass: only(policy("ca007", "platforms: { include: [all], exclude: [android, iOS, windows, macOS] }\ngrant: { block: true }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-021",
    fail: only(policy("ca400", "grant: { controls: [mfa] }", { users: "{ include: { guestsOrExternalUsers: [b2bDirectConnectUser] } }" })),
    pass: only(policy("ca400", "grant: { controls: [mfa] }", { users: "{ include: { guestsOrExternalUsers: [b2bCollaborationGuest] } }" })),
    at: ENV,
  },
  {
    rule: "IDAC-CA-022",
    fail: only(policy("ca206", "grant: { controls: [mfa] }\nsession: { signInFrequency: { hours: 12 } }")),
    pass: only(policy("ca206", "grant: { controls: [mfa] }\nsession: { persistentBrowser: never }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-023",
    name: "every time is not a session limit",
    fail: only(policy("ca206", "signInRiskLevels: [medium]\ngrant: { controls: [mfa] }\nsession: { signInFrequency: everyTime }")),
    pass: only(policy("ca206", "grant: { controls: [mfa] }\nsession: { signInFrequency: { hours: 12 } }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-024",
    fail: only(policy("ca206", "grant: { controls: [mfa] }", { applications: "{ include: [Office365] }" })),
    pass: only(policy("ca206", "grant: { controls: [mfa] }\nsession: { applicationEnforcedRestrictions: true }", { applications: "{ include: [Office365] }" })),
    at: ENV,
  },
  {
    rule: "IDAC-CA-025",
    fail: smallCatalog(environment("directorySync: true"), caPolicies(policy("ca008", "grant: { controls: [mfa] }"))),
    pass: smallCatalog(
      environment("directorySync: true"),
      caPolicies(
        policy("ca008", "grant: { controls: [mfa] }", { users: "{ include: { all: true }, exclude: { roles: [Directory Synchronization Accounts] } }" }),
      ),
    ),
    at: AT_POLICY("ca008", "users: { include: { all: true } }"),
  },
  {
    rule: "IDAC-CA-026",
    fail: smallCatalog(
      groups(group("fin-ap")),
      caPolicies(policy("ca206", "grant: { controls: [mfa] }", { users: "\n      include:\n        groups: [fin-ap]" })),
    ),
    pass: smallCatalog(
      groups(group("fin-ap", "    assignableToRole: true\n")),
      caPolicies(policy("ca206", "grant: { controls: [mfa] }", { users: "\n      include:\n        groups: [fin-ap]" })),
    ),
    at: AT_POLICY("ca206", "groups: [fin-ap]"),
  },
  {
    rule: "IDAC-CA-027",
    fail: smallCatalog(
      groups(group("fin-ap")),
      caPolicies(policy("ca008", "grant: { controls: [mfa] }", { users: "\n      include: { all: true }\n      exclude: { groups: [fin-ap] }" })),
    ),
    pass: smallCatalog(
      groups(group("fin-ap")),
      caPolicies(
        policy("ca008", "grant: { controls: [mfa] }", { users: "\n      include: { all: true }\n      exclude: { groups: [fin-ap] }" }),
        policy("ca009", "grant: { controls: [mfa] }", { users: "{ include: { groups: [fin-ap] } }" }),
      ),
    ),
    at: AT_POLICY("ca008", "exclude: { groups: [fin-ap] }"),
  },
  {
    rule: "IDAC-CA-029",
    fail: only(policy("ca004", "signInRiskLevels: [high]\nuserRiskLevels: [high]\ngrant: { block: true }")),
    pass: only(policy("ca004", "signInRiskLevels: [high]\ngrant: { block: true }")),
    at: AT_POLICY("ca004", "userRiskLevels: [high]"),
  },
  {
    rule: "IDAC-CA-030",
    fail: only(policy("ca008", "grant: { controls: [mfa] }", { users: "{ include: { all: false } }" })),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    at: AT_POLICY("ca008", "users: { include: { all: false } }"),
  },
  {
    rule: "IDAC-CA-031",
    fail: only(policy("ca001", "clientAppTypes: [exchangeActiveSync, other]\ngrant: { block: true }")),
    pass: only(policy("ca001", "clientAppTypes: [exchangeActiveSync, other]\ngrant: { block: true }"), policy("ca008", "grant: { controls: [mfa] }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-032",
    fail: only(policy("ca008", "grant: { controls: [mfa] }")),
    pass: only(policy("ca008", "grant: { controls: [mfa] }"), policy("ca001", "clientAppTypes: [exchangeActiveSync, other]\ngrant: { block: true }")),
    at: ENV,
  },
  {
    rule: "IDAC-CA-033",
    fail: only(policy("ca008", "grant: { controls: [mfa] }\nexcludeBreakGlass: false")),
    pass: only(policy("ca008", "grant: { controls: [mfa] }")),
    at: AT_POLICY("ca008"),
  },
  {
    rule: "IDAC-CA-034",
    fail: only(policy("ca099", "grant: { block: true }")),
    pass: only(policy("ca099", "clientAppTypes: [exchangeActiveSync, other]\ngrant: { block: true }")),
    at: AT_POLICY("ca099"),
  },
];
