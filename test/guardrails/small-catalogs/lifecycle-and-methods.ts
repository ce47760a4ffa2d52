import { smallCatalog, type Files } from "../../helpers/small-catalog";
import type { RuleCase } from "./case";

const METHODS_FILE = "policies/authentication-methods.yaml";
const WORKFLOWS_FILE = "policies/lifecycle-workflows.yaml";
const SETTINGS_FILE = "roles/directory-role-settings.yaml";

const methods = (body: string): Files => smallCatalog({ [METHODS_FILE]: `authenticationMethodsPolicies:\n  - id: tenant\n${body}` });
const workflows = (...w: string[]): Files => smallCatalog({ [WORKFLOWS_FILE]: `lifecycleWorkflows:\n${w.join("")}` });
const settings = (...s: string[]): Files => smallCatalog({ [SETTINGS_FILE]: `directoryRoleSettings:\n${s.join("")}` });
const workflow = (id: string, category: string, trigger: string, tasks: string, extra = "") =>
  `  - id: ${id}
    displayName: ${id}
    description: The ${category} workflow ${id}
    category: ${category}
    trigger: ${trigger}
    when: { employeeType: Employee }
${extra}    tasks:
${tasks}`;
const JOINER = workflow("joiner", "joiner", "{ daysBeforeHire: 1 }", "      - task: enableUserAccount\n");
const setting = (id: string, role: string, activation: string) => `  - id: ${id}\n    directoryRole: ${role}\n    activation: ${activation}\n`;

export const LIFECYCLE_AND_METHODS_CASES: RuleCase[] = [
  {
    rule: "IDAC-AUTH-001",
    name: "text messages on for everyone",
    fail: methods("    sms: { state: enabled }\n"),
    pass: methods("    sms: { state: disabled }\n"),
    at: { id: "tenant", file: METHODS_FILE, line: "sms: { state: enabled }" },
  },
  {
    rule: "IDAC-AUTH-001",
    name: "voice calls on for everyone",
    fail: methods("    voice:\n      state: enabled\n"),
    pass: methods("    voice:\n      state: disabled\n"),
    at: { id: "tenant", file: METHODS_FILE, line: "state: enabled" },
  },
  {
    rule: "IDAC-AUTH-002",
    name: "reusable passes",
    fail: methods("    temporaryAccessPass:\n      state: enabled\n      oneTimeUse: false\n"),
    pass: methods("    temporaryAccessPass:\n      state: enabled\n      oneTimeUse: true\n"),
    at: { id: "tenant", file: METHODS_FILE, line: "oneTimeUse: false" },
  },
  {
    rule: "IDAC-AUTH-002",
    name: "a joiner workflow issuing week-long passes",
    fail: workflows(
      workflow(
        "joiner",
        "joiner",
        "{ daysBeforeHire: 7 }",
        "      - task: generateTemporaryAccessPass\n        tapLifetimeMinutes: 10080\n        tapOneTimeUse: true\n",
      ),
    ),
    pass: workflows(
      workflow(
        "joiner",
        "joiner",
        "{ daysBeforeHire: 7 }",
        "      - task: generateTemporaryAccessPass\n        tapLifetimeMinutes: 480\n        tapOneTimeUse: true\n",
      ),
    ),
    at: { id: "joiner", file: WORKFLOWS_FILE, line: "tapLifetimeMinutes: 10080" },
  },
  {
    rule: "IDAC-JML-001",
    name: "a leaver that disables the account a week late",
    fail: workflows(JOINER, workflow("leaver", "leaver", "{ daysAfterLeave: 7 }", "      - task: disableUserAccount\n")),
    pass: workflows(JOINER, workflow("leaver", "leaver", "{ daysAfterLeave: 0 }", "      - task: disableUserAccount\n")),
    at: { id: "leaver", file: WORKFLOWS_FILE, line: "- id: leaver" },
  },
  {
    rule: "IDAC-JML-001",
    name: "a leaver that runs only on demand",
    fail: workflows(JOINER, workflow("leaver", "leaver", "{ daysAfterLeave: 0 }", "      - task: disableUserAccount\n", "    scheduled: false\n")),
    pass: workflows(JOINER, workflow("leaver", "leaver", "{ daysAfterLeave: 0 }", "      - task: disableUserAccount\n", "    scheduled: true\n")),
    at: { id: "leaver", file: WORKFLOWS_FILE, line: "- id: leaver" },
  },
  {
    rule: "IDAC-PRIV-016",
    fail: settings(setting("security-admin", "Security Administrator", "{ maxDurationHours: 4, requireMfa: false }")),
    pass: settings(setting("security-admin", "Security Administrator", "{ maxDurationHours: 4, requireMfa: true }")),
    at: { id: "security-admin", file: SETTINGS_FILE, line: "requireMfa: false" },
  },
  {
    rule: "IDAC-PRIV-017",
    fail: settings(setting("global-admin", "Global Administrator", "{ maxDurationHours: 1 }")),
    pass: settings(setting("global-admin", "Global Administrator", "{ maxDurationHours: 1, approvers: [carol@example.org] }")),
    at: { id: "global-admin", file: SETTINGS_FILE, line: "activation: { maxDurationHours: 1 }" },
  },
];
