import { describe, expect, it } from "vitest";
import { ALL_RULES, runGuardrails } from "../../src/guardrails/engine";
import type { Finding } from "../../src/guardrails/types";
import { loadCatalog } from "../../src/resolve/load-catalog";
import { exampleWith, type Patch } from "./example-copy";

const TODAY = "2026-11-22";
const CA = "policies/conditional-access";

async function findings(patches: readonly Patch[]): Promise<Finding[]> {
  const { catalog, issues } = await loadCatalog(await exampleWith(patches));
  expect(issues.filter((i) => i.severity === "error"), JSON.stringify(issues)).toEqual([]);
  return [...runGuardrails(catalog!, { today: TODAY }).findings];
}

/** Findings the bundled example has on purpose (warnings and info the organisation accepts today). */
const EXAMPLE_FINDINGS = ["IDAC-CA-006", "IDAC-CA-008", "IDAC-CA-024", "IDAC-CA-026"];

interface Case {
  rule: string;
  /** Breaks the example so the rule fails. */
  fail: Patch[];
  /** The entry (section/id) and file the finding must be reported on. */
  on: { id: string; file: string };
  /** For rules the example already fails: patches that make it pass. */
  pass?: Patch[];
}

/** Disables a policy of the example (its first `state:` after its ID). */
const removePolicy = (file: string, id: string, _unused = ""): Patch => ({ file: `${CA}/${file}`, after: `  - id: ${id}\n`, find: "    state: enabled\n", replace: "    state: disabled\n" });

const CASES: Case[] = [
  { rule: "IDAC-CA-001", fail: [{ file: `${CA}/global.yaml`, find: "    clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }", replace: "    clientAppTypes: [other]\n    grant: { block: true }" }], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-002", fail: [{ file: `${CA}/global.yaml`, find: "    clientAppTypes: [exchangeActiveSync, other]\n", replace: "    clientAppTypes: [other]\n" }], on: { id: "prod", file: "environments/prod.yaml" } },
  { rule: "IDAC-CA-003", fail: [{ file: `${CA}/global.yaml`, find: "    userRiskLevels: [high]\n    grant: { block: true }", replace: "    userRiskLevels: [high]\n    grant: { controls: [mfa] }" }], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-004", fail: [removePolicy("global.yaml", "ca004-block-high-sign-in-risk", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-005", fail: [removePolicy("global.yaml", "ca008-mfa-all-users", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-006", fail: [], on: { id: "dev", file: "environments/dev.yaml" }, pass: [{ file: `${CA}/global.yaml`, find: "    description: Multifactor authentication for every user and every application\n    state: enabled\n    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { controls: [mfa] }", replace: "    description: Multifactor authentication for every user and every application\n    state: enabled\n    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { authenticationStrength: phishingResistantMfa }" }] },
  { rule: "IDAC-CA-007", fail: [{ file: `${CA}/admins.yaml`, find: "    grant: { authenticationStrength: phishingResistantMfa }", replace: "    grant: { controls: [mfa] }" }], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-008", fail: [], on: { id: "prod", file: "environments/prod.yaml" }, pass: [{ file: `${CA}/global.yaml`, find: "    grant: { controls: [mfa] }\n  - id: ca009", replace: "    grant: { operator: OR, controls: [compliantDevice, domainJoinedDevice] }\n  - id: ca009" }] },
  { rule: "IDAC-CA-009", fail: [{ file: `${CA}/global.yaml`, find: "    locations: { include: [All], exclude: [AllTrusted] }\n", replace: "" }], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-010", fail: [removePolicy("global.yaml", "ca002-block-device-code-flow", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-011", fail: [{ file: `${CA}/global.yaml`, find: "    grant: { controls: [mfa] }\n  - id: ca009", replace: "    grant: { controls: [mfa] }\n    excludeBreakGlass: false\n  - id: ca009" }], on: { id: "ca008-mfa-all-users", file: `${CA}/global.yaml` } },
  { rule: "IDAC-CA-013", fail: ["ca001-block-legacy-authentication", "ca002-block-device-code-flow", "ca003-block-high-user-risk", "ca004-block-high-sign-in-risk", "ca005-mfa-medium-sign-in-risk", "ca006-block-blocked-countries", "ca007-block-unknown-platforms", "ca008-mfa-all-users"].map((id) => removePolicy("global.yaml", id, "")).concat([removePolicy("admins.yaml", "ca100-admins-phishing-resistant-mfa", ""), removePolicy("admins.yaml", "ca101-admins-managed-device", ""), removePolicy("guests.yaml", "ca400-guests-mfa", "")]), on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-014", fail: ["ca001-block-legacy-authentication", "ca002-block-device-code-flow", "ca003-block-high-user-risk", "ca004-block-high-sign-in-risk", "ca005-mfa-medium-sign-in-risk", "ca006-block-blocked-countries", "ca007-block-unknown-platforms", "ca008-mfa-all-users"].map((id) => removePolicy("global.yaml", id, "")), on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-015", fail: [removePolicy("admins.yaml", "ca100-admins-phishing-resistant-mfa", ""), removePolicy("global.yaml", "ca008-mfa-all-users", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-016", fail: [removePolicy("global.yaml", "ca010-mfa-azure-management", ""), removePolicy("global.yaml", "ca008-mfa-all-users", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-017", fail: [removePolicy("global.yaml", "ca005-mfa-medium-sign-in-risk", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-018", fail: [removePolicy("global.yaml", "ca003-block-high-user-risk", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-019", fail: [removePolicy("admins.yaml", "ca101-admins-managed-device", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-020", fail: [removePolicy("global.yaml", "ca007-block-unknown-platforms", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-021", fail: [removePolicy("guests.yaml", "ca400-guests-mfa", ""), removePolicy("global.yaml", "ca008-mfa-all-users", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-022", fail: [removePolicy("admins.yaml", "ca102-admins-session-frequency", ""), removePolicy("internals.yaml", "ca206-unmanaged-session-limits", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-023", fail: [removePolicy("admins.yaml", "ca102-admins-session-frequency", ""), removePolicy("internals.yaml", "ca206-unmanaged-session-limits", "")], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-CA-024", fail: [], on: { id: "prod", file: "environments/prod.yaml" }, pass: [{ file: "environments/prod.yaml", find: "        ca206-unmanaged-session-limits: { state: reportOnly }", replace: "        ca207-internals-erp-managed-device: { state: reportOnly }" }] },
  { rule: "IDAC-CA-025", fail: [{ file: "environments/prod.yaml", find: "    namePrefix: \"\"\n", replace: "    namePrefix: \"\"\n    directorySync: true\n" }], on: { id: "ca008-mfa-all-users", file: `${CA}/global.yaml` } },
  { rule: "IDAC-CA-026", fail: [], on: { id: "ca206-unmanaged-session-limits", file: `${CA}/internals.yaml` }, pass: [{ file: `${CA}/internals.yaml`, find: "    users: { include: { groups: [all-personnel] } }\n    applications: { include: [Office365] }", replace: "    users: { include: { all: true } }\n    applications: { include: [Office365] }" }, { file: `${CA}/internals.yaml`, find: "    users: { include: { groups: [all-personnel] } }\n    applications: { include: [erp] }", replace: "    users: { include: { all: true } }\n    applications: { include: [erp] }" }] },
  { rule: "IDAC-CA-027", fail: [{ file: `${CA}/global.yaml`, find: "    users: { include: { all: true } }\n    applications: { include: [AzureManagement] }", replace: "    users: { include: { all: true }, exclude: { groups: [partner-reporting] } }\n    applications: { include: [AzureManagement] }" }, removePolicy("global.yaml", "ca008-mfa-all-users", "")], on: { id: "ca010-mfa-azure-management", file: `${CA}/global.yaml` } },
  { rule: "IDAC-CA-029", fail: [{ file: `${CA}/global.yaml`, find: "    signInRiskLevels: [high]\n", replace: "    signInRiskLevels: [high]\n    userRiskLevels: [high]\n" }], on: { id: "ca004-block-high-sign-in-risk", file: `${CA}/global.yaml` } },
  { rule: "IDAC-CA-030", fail: [{ file: `${CA}/internals.yaml`, find: "    users: { include: { groups: [all-personnel] } }\n    applications: { include: [erp] }", replace: "    users: { include: { all: false } }\n    applications: { include: [erp] }" }], on: { id: "ca207-internals-erp-managed-device", file: `${CA}/internals.yaml` } },
  { rule: "IDAC-CA-031", fail: [removePolicy("global.yaml", "ca008-mfa-all-users"), removePolicy("guests.yaml", "ca400-guests-mfa")], on: { id: "ca008-mfa-all-users", file: `${CA}/global.yaml` } },
  { rule: "IDAC-CA-032", fail: [removePolicy("global.yaml", "ca001-block-legacy-authentication")], on: { id: "ca001-block-legacy-authentication", file: `${CA}/global.yaml` } },
  { rule: "IDAC-CA-033", fail: [{ file: `${CA}/global.yaml`, find: "    grant: { controls: [mfa] }\n  - id: ca009", replace: "    grant: { controls: [mfa] }\n    excludeBreakGlass: false\n  - id: ca009" }], on: { id: "ca008-mfa-all-users", file: `${CA}/global.yaml` } },
  { rule: "IDAC-CA-034", fail: [{ file: `${CA}/global.yaml`, find: "conditionalAccessPolicies:\n", replace: "conditionalAccessPolicies:\n  - id: ca099-block-everything\n    displayName: CA099-Global-AttackSurfaceReduction-AllApps-AnyPlatform-Block\n    description: A mistake\n    state: enabled\n    users: { include: { all: true } }\n    applications: { include: [All] }\n    grant: { block: true }\n" }], on: { id: "ca099-block-everything", file: `${CA}/global.yaml` } },
  { rule: "IDAC-PRIV-001", fail: [{ file: "roles/privileged.yaml", find: "    activation:\n      maxDurationHours: 1\n", replace: "    active:\n      - principal: omar.haddad@meridian.org\n        permanent: true\n    activation:\n      maxDurationHours: 1\n" }], on: { id: "global-admin", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-002", fail: [{ file: "roles/privileged.yaml", find: "      - principal: sofia.alvarez@meridian.org\n        expires: 2027-02-15\n        justification: ICT director\n", replace: "      - { principal: a1@meridian.org, durationDays: 30 }\n      - { principal: a2@meridian.org, durationDays: 30 }\n      - { principal: a3@meridian.org, durationDays: 30 }\n      - { principal: a4@meridian.org, durationDays: 30 }\n      - { principal: a5@meridian.org, durationDays: 30 }\n      - { principal: a6@meridian.org, durationDays: 30 }\n      - { principal: a7@meridian.org, durationDays: 30 }\n" }], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-PRIV-003", fail: [{ file: "roles/privileged.yaml", find: "        justification: ICT director\n", replace: "        justification: ICT director\n      - { principal: li.wei@meridian.org, durationDays: 30 }\n" }], on: { id: "prod", file: "environments/prod.yaml" } },
  { rule: "IDAC-PRIV-004", fail: [{ file: "roles/privileged.yaml", find: "      requireTicket: true\n      approvers: [li.wei@meridian.org, sofia.alvarez@meridian.org]\n", replace: "      requireTicket: true\n" }], on: { id: "global-admin", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-005", fail: [{ file: "roles/privileged.yaml", find: "      maxDurationHours: 1\n", replace: "      maxDurationHours: 2\n" }], on: { id: "global-admin", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-006", fail: [{ file: "roles/privileged.yaml", find: "      maxDurationHours: 1\n      requireMfa: true\n", replace: "      maxDurationHours: 1\n      requireMfa: false\n" }], on: { id: "global-admin", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-007", fail: [{ file: "roles/privileged.yaml", find: "        expires: 2027-02-15\n        justification: Tenant operations", replace: "        expires: 2027-12-31\n        justification: Tenant operations" }], on: { id: "global-admin", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-009", fail: [{ file: "roles/privileged.yaml", after: "  - id: helpdesk-east-africa\n", find: "      owners: [sofia.alvarez@meridian.org, peter.otieno@meridian.org]", replace: "      owners: [sofia.alvarez@meridian.org, joseph.kamau@meridian.org]" }], on: { id: "helpdesk-east-africa", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-010", fail: [{ file: "roles/privileged.yaml", find: "      - principal: sofia.alvarez@meridian.org\n        expires: 2027-02-15\n        justification: ICT director\n", replace: "      - { principal: a1@meridian.org, durationDays: 30 }\n      - { principal: a2@meridian.org, durationDays: 30 }\n      - { principal: a3@meridian.org, durationDays: 30 }\n      - { principal: a4@meridian.org, durationDays: 30 }\n      - { principal: a5@meridian.org, durationDays: 30 }\n      - { principal: a6@meridian.org, durationDays: 30 }\n      - { principal: a7@meridian.org, durationDays: 30 }\n      - { principal: a8@meridian.org, durationDays: 30 }\n" }], on: { id: "dev", file: "environments/dev.yaml" } },
  { rule: "IDAC-PRIV-011", fail: [{ file: "roles/privileged.yaml", find: "      - principal: kofi.boateng@meridian.org\n        durationDays: 60\n", replace: "      - principal: \"consultant_partner.org#EXT#@meridian.onmicrosoft.com\"\n        durationDays: 60\n" }], on: { id: "user-admin", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-013", fail: [{ file: "roles/privileged.yaml", after: "  - id: helpdesk-east-africa\n", find: "      owners: [sofia.alvarez@meridian.org, peter.otieno@meridian.org]", replace: "      owners: [sofia.alvarez@meridian.org, elena.petrova@meridian.org]" }], on: { id: "helpdesk-east-africa", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-014", fail: [{ file: "roles/ict.yaml", find: "groups:\n", replace: "groups:\n  - id: ict-admin-reports\n    displayName: PIM-Global-Adrninistrators\n    description: Looks like the Global Administrators' PIM group\n    owners: [li.wei@meridian.org, sofia.alvarez@meridian.org]\n    membership: { type: assigned }\n" }], on: { id: "ict-admin-reports", file: "roles/ict.yaml" } },
  { rule: "IDAC-PRIV-015", fail: [{ file: "roles/privileged.yaml", find: "      - principal: kofi.boateng@meridian.org\n        durationDays: 60\n", replace: "      - principal: kofi.boateng@meridian-org.com\n        durationDays: 60\n" }], on: { id: "user-admin", file: "roles/privileged.yaml" } },
  { rule: "IDAC-PRIV-012", fail: [{ file: "roles/privileged.yaml", find: "      maxDurationHours: 8\n", replace: "      maxDurationHours: 8\n      requireJustification: false\n" }], on: { id: "helpdesk-east-africa", file: "roles/privileged.yaml" } },
  { rule: "IDAC-GOV-001", fail: [{ file: "roles/ict.yaml", find: "      approval:\n        stages:\n          - approvers: [manager]\n            backupApprovers: [peter.otieno@meridian.org]\n            timeoutDays: 7\n", replace: "      approval:\n        none: true\n        reason: Runbooks are readable by every engineer\n" }], on: { id: "ict-infrastructure-engineer", file: "roles/ict.yaml" } },
  { rule: "IDAC-GOV-002", fail: [{ file: "roles/finance.yaml", find: "      expiry: { afterDays: 365 }\n      review: { frequency: halfyearly", replace: "      expiry: { never: true }\n      review: { frequency: halfyearly" }], on: { id: "fin-ap-clerk", file: "roles/finance.yaml" } },
  { rule: "IDAC-GOV-003", fail: [{ file: "roles/finance.yaml", find: "      review: { frequency: halfyearly, reviewers: manager, durationDays: 14, whenNoResponse: removeAccess }\n", replace: "" }], on: { id: "fin-ap-clerk", file: "roles/finance.yaml" } },
  { rule: "IDAC-GOV-004", fail: [{ file: "roles/finance.yaml", find: "      requestors: { scope: groups, groups: [fin-staff-all] }\n      approval:\n        stages:\n          - approvers: [manager]\n            backupApprovers: [lars.nilsen@meridian.org]\n            timeoutDays: 5", replace: "      requestors: { scope: groups, groups: [fin-staff-all, fin-controllers] }\n      approval:\n        stages:\n          - approvers: [manager]\n            backupApprovers: [lars.nilsen@meridian.org]\n            timeoutDays: 5" }], on: { id: "fin-payment-approver", file: "roles/finance.yaml" } },
  { rule: "IDAC-GOV-005", fail: [{ file: "roles/ict.yaml", find: "            backupApprovers: [peter.otieno@meridian.org]\n", replace: "" }], on: { id: "ict-infrastructure-engineer", file: "roles/ict.yaml" } },
  { rule: "IDAC-GOV-006", fail: [{ file: "roles/ict.yaml", find: "    owners: [li.wei@meridian.org, sofia.alvarez@meridian.org]\n    sensitivity: highlyConfidential\n    membership", replace: "    owners: [li.wei@meridian.org]\n    sensitivity: highlyConfidential\n    membership" }], on: { id: "ict-security-operations", file: "roles/ict.yaml" } },
  { rule: "IDAC-GOV-007", fail: [{ file: "roles/ict.yaml", find: "accessPackageCatalogs:\n", replace: "accessPackageCatalogs:\n  - id: cat-unused\n    displayName: Unused\n    description: Nothing in it\n" }], on: { id: "cat-unused", file: "roles/ict.yaml" } },
  { rule: "IDAC-GOV-009", fail: [{ file: "roles/ict.yaml", find: "      review: { frequency: halfyearly, reviewers: manager, whenNoResponse: removeAccess }", replace: "      review: { frequency: halfyearly, reviewers: manager, whenNoResponse: keepAccess }" }], on: { id: "ict-infrastructure-engineer", file: "roles/ict.yaml" } },
  { rule: "IDAC-GOV-010", fail: [{ file: "roles/ict.yaml", find: "      requestors: { scope: groups, groups: [ict-staff-all] }\n      approval:\n        stages:\n          - approvers: [li.wei@meridian.org, sofia.alvarez@meridian.org]", replace: "      requestors: { scope: allMembers }\n      approval:\n        stages:\n          - approvers: [li.wei@meridian.org]" }], on: { id: "ict-security-analyst", file: "roles/ict.yaml" } },
  { rule: "IDAC-GOV-011", fail: [{ file: "roles/ict.yaml", find: "          - approvers: [li.wei@meridian.org, sofia.alvarez@meridian.org]", replace: "          - approvers: [li.wei@meridian.org]" }], on: { id: "ict-security-analyst", file: "roles/ict.yaml" } },
  { rule: "IDAC-GOV-012", fail: [{ file: "roles/shared.yaml", find: "    sensitivity: internal\n", replace: "    sensitivity: highlyConfidential\n" }, { file: "roles/shared.yaml", find: "      approval:\n        stages:\n          - approvers: [sponsors]\n            backupApprovers: [fatima.rahman@meridian.org]\n            timeoutDays: 7\n          - approvers: [group:prg-programme-leads]\n            backupApprovers: [fatima.rahman@meridian.org]\n            timeoutDays: 7\n", replace: "      approval: { none: true, reason: Partners report on their own programmes }\n" }], on: { id: "partner-reporter", file: "roles/shared.yaml" } },
  { rule: "IDAC-GOV-013", fail: [{ file: "roles/finance.yaml", after: "  - id: fin-payment-approver\n", find: "            backupApprovers: [lars.nilsen@meridian.org]", replace: "            backupApprovers: [lars.nilsen@meridian-org.com]" }], on: { id: "fin-payment-approver", file: "roles/finance.yaml" } },
  { rule: "IDAC-HYG-001", fail: [{ file: `${CA}/guests.yaml`, find: "    displayName: CA400-Guests-BaseProtection-AllApps-AnyPlatform-MFA", replace: "    displayName: Guests need MFA" }], on: { id: "ca400-guests-mfa", file: `${CA}/guests.yaml` } },
  { rule: "IDAC-HYG-002", fail: [{ file: "roles/ict.yaml", find: "    displayName: ICT Service Desk\n", replace: "    displayName: Service desk team\n" }], on: { id: "ict-service-desk", file: "roles/ict.yaml" } },
  { rule: "IDAC-HYG-003", fail: [{ file: `${CA}/guests.yaml`, find: "    description: Guests and external users complete MFA for every application\n", replace: "" }], on: { id: "ca400-guests-mfa", file: `${CA}/guests.yaml` } },
  { rule: "IDAC-HYG-004", fail: [{ file: "roles/ict.yaml", find: "      when: { department: ICT }", replace: "      when: { department: ICT, userType: Employee }" }], on: { id: "ict-staff-all", file: "roles/ict.yaml" } },
  { rule: "IDAC-HYG-005", fail: [{ file: "roles/ict.yaml", find: "      when: { department: ICT }", replace: "      when: { userType: Member }" }], on: { id: "ict-staff-all", file: "roles/ict.yaml" } },
  { rule: "IDAC-HYG-006", fail: [{ file: "roles/ict.yaml", find: "    entitlements:\n      groups: [ict-infrastructure]\n", replace: "    entitlements: {}\n" }], on: { id: "ict-infrastructure-engineer", file: "roles/ict.yaml" } },
  { rule: "IDAC-HYG-007", fail: [{ file: "roles/ict.yaml", find: "groups:\n", replace: "groups:\n  - id: ict-infrastructure-copy\n    displayName: ICT infrastructure\n    description: Same name as ICT Infrastructure in another case\n    owners: [li.wei@meridian.org, sofia.alvarez@meridian.org]\n    membership: { type: assigned }\n" }], on: { id: "ict-infrastructure-copy", file: "roles/ict.yaml" } },
  { rule: "IDAC-HYG-008", fail: [{ file: "roles/finance.yaml", find: "kwame.asante@meridian.org", replace: "kwame.asante@meridian.co" }], on: { id: "fin-controllers", file: "roles/finance.yaml" } },
  { rule: "IDAC-HYG-009", fail: [{ file: "environments/prod.yaml", find: "    domains: [meridian.org, meridianrelief.onmicrosoft.com]\n", replace: "" }], on: { id: "prod", file: "environments/prod.yaml" } },
  { rule: "IDAC-SOD-001", fail: [{ file: "roles/finance.yaml", find: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver]", replace: "      groups: [fin-treasury]\n      appRoles: [erp/payment-approver, erp/vendor-master]" }], on: { id: "fin-payment-approver", file: "roles/finance.yaml" } },
  { rule: "IDAC-SOD-002", fail: [{ file: "roles/supply-chain.yaml", find: "      when: { department: Supply Chain, jobTitle: { startsWith: \"Warehouse\" } }\n", replace: "      when: { department: Supply Chain, jobTitle: { startsWith: \"Warehouse\" } }\n  - id: sc-buyer-birthright\n    displayName: Buyer by birthright\n    description: Procurement officers buy by birthright\n    owners: [daniel.mensah@meridian.org, amina.yusuf@meridian.org]\n    entitlements: { appRoles: [erp/buyer] }\n    assignment: { type: birthright, when: { department: Supply Chain } }\n" }], on: { id: "sc-buyer-birthright", file: "roles/supply-chain.yaml" } },
  { rule: "IDAC-SOD-003", fail: [{ file: "roles/supply-chain.yaml", find: "      requestors: { scope: groups, groups: [sc-procurement-staff] }", replace: "      requestors: { scope: groups, groups: [sc-staff-all] }" }], on: { id: "sc-buyer", file: "roles/supply-chain.yaml" } },
  { rule: "IDAC-SOD-004", fail: [{ file: "roles/finance.yaml", find: "          - approvers: [group:fin-controllers]\n            backupApprovers: [amina.yusuf@meridian.org]\n      expiry: { afterDays: 365 }\n      review: { frequency: quarterly", replace: "          - approvers: [group:fin-controllers]\n            backupApprovers: [amina.yusuf@meridian.org]\n      expiry: { afterDays: 365 }\n      review: { frequency: quarterly" }, { file: "roles/finance.yaml", find: "      requestors: { scope: groups, groups: [fin-staff-all] }\n      approval:\n        stages:\n          - approvers: [manager]\n            backupApprovers: [lars.nilsen@meridian.org]\n            timeoutDays: 7", replace: "      requestors: { scope: groups, groups: [fin-staff-all] }\n      approval:\n        stages:\n          - approvers: [group:fin-controllers]\n            backupApprovers: [lars.nilsen@meridian.org]\n            timeoutDays: 7" }], on: { id: "fin-ap-clerk", file: "roles/finance.yaml" } },
];

describe("the bundled example", () => {
  it("has no error-level finding, and only the accepted warnings and info", async () => {
    const all = await findings([]);
    expect(all.filter((f) => f.level === "error")).toEqual([]);
    expect([...new Set(all.map((f) => f.rule))].sort()).toEqual(EXAMPLE_FINDINGS);
  });
});

describe("each rule", () => {
  it.each(CASES.map((c) => [c.rule, c] as const))("%s fails on the broken variant, at the entry concerned", async (rule, c) => {
    const broken = (await findings(c.fail)).filter((f) => f.rule === rule);
    expect(broken.length, `${rule} did not fire`).toBeGreaterThan(0);
    expect(broken.some((f) => f.entry.id === c.on.id && f.file === c.on.file && f.line > 0), JSON.stringify(broken, null, 1)).toBe(true);
    const fixed = (await findings(c.pass ?? [])).filter((f) => f.rule === rule);
    expect(fixed, `${rule} should pass`).toEqual([]);
  });

  it.each([
    ["a device filter", "    deviceFilter: { mode: exclude, rule: 'device.isCompliant -eq True' }\n"],
    ["insider risk", "    insiderRiskLevels: [elevated]\n"],
  ])("does not count a baseline policy narrowed by %s (IDAC-CA-001, IDAC-CA-005)", async (_, condition) => {
    const narrowed = await findings([
      { file: `${CA}/global.yaml`, find: "    clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }", replace: `    clientAppTypes: [exchangeActiveSync, other]\n${condition}    grant: { block: true }` },
      { file: `${CA}/global.yaml`, after: "  - id: ca008-mfa-all-users\n", find: "    grant: { controls: [mfa] }\n", replace: `${condition}    grant: { controls: [mfa] }\n` },
    ]);
    const found = narrowed.filter((f) => f.rule === "IDAC-CA-001" || f.rule === "IDAC-CA-005");
    // The legacy-authentication policy is a near miss named with its narrowing; the MFA baseline is missing.
    expect(found.map((f) => `${f.rule} ${f.entry.id}`).sort()).toEqual(["IDAC-CA-001 ca001-block-legacy-authentication", "IDAC-CA-005 dev", "IDAC-CA-005 prod"]);
    expect(found.find((f) => f.rule === "IDAC-CA-001")!.message).toMatch(/applies only to (devices not matching its device filter|insider risk elevated)/);
  });

  it("covers every rule that can fail on a catalog", () => {
    // CA-012 needs a git base (tested with the CLI), CA-028 and GOV-008 guard what the resolver already refuses,
    // PRIV-008 needs 500 role-assignable groups (tested on a generated catalog below).
    const untestedHere = ["IDAC-CA-012", "IDAC-CA-028", "IDAC-GOV-008", "IDAC-PRIV-008"];
    expect(ALL_RULES.map((r) => r.id).filter((id) => !untestedHere.includes(id) && !CASES.some((c) => c.rule === id))).toEqual([]);
  });
});
