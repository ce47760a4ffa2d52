import type { Rule } from "../types";
import { caBlocksDeviceCodeFlow } from "../rules/ca-blocks-device-code-flow";
import { caBlocksExchangeActiveSync } from "../rules/ca-blocks-exchange-activesync";
import { caBlocksHighSignInRisk } from "../rules/ca-blocks-high-sign-in-risk";
import { caBlocksHighUserRisk } from "../rules/ca-blocks-high-user-risk";
import { caBlocksLegacyAuth } from "../rules/ca-blocks-legacy-auth";
import { caBlocksUnknownPlatforms } from "../rules/ca-blocks-unknown-platforms";
import { caBlocksLegacyForEveryPersona, caCoversEveryPersona, caLocksNobodyOut, caNeverBlocksBreakGlass } from "../rules/ca-coverage-gaps";
import { caCoversExcludedGroups } from "../rules/ca-covers-excluded-groups";
import { caExcludesBreakGlass } from "../rules/ca-excludes-break-glass";
import { caExcludesDirectorySyncAccounts } from "../rules/ca-excludes-directory-sync-accounts";
import { caHasTargetResources } from "../rules/ca-has-target-resources";
import { caLimitsBrowserPersistence } from "../rules/ca-limits-browser-persistence";
import { caNewPoliciesStartReportOnly } from "../rules/ca-new-policies-start-report-only";
import { caProtectsGroupsItUses } from "../rules/ca-protects-groups-it-uses";
import { caProtectsSecurityInfoRegistration } from "../rules/ca-protects-security-info-registration";
import { caRemediatesHighUserRisk } from "../rules/ca-remediates-high-user-risk";
import { caRequiresManagedDevice } from "../rules/ca-requires-managed-device";
import { caRequiresManagedDeviceForAdmins } from "../rules/ca-requires-managed-device-for-admins";
import { caRequiresMfaForAdmins } from "../rules/ca-requires-mfa-for-admins";
import { caRequiresMfaForAll } from "../rules/ca-requires-mfa-for-all";
import { caRequiresMfaForAzureManagement } from "../rules/ca-requires-mfa-for-azure-management";
import { caRequiresMfaForGuests } from "../rules/ca-requires-mfa-for-guests";
import { caRequiresMfaForRiskySignIns } from "../rules/ca-requires-mfa-for-risky-sign-ins";
import { caRequiresPhishingResistantMfaForAdmins } from "../rules/ca-requires-phishing-resistant-mfa-for-admins";
import { caRequiresPhishingResistantMfaForAll } from "../rules/ca-requires-phishing-resistant-mfa-for-all";
import { caSeparatesRiskConditions } from "../rules/ca-separates-risk-conditions";
import { caSetsSignInFrequency } from "../rules/ca-sets-sign-in-frequency";
import { caTargetsAllApps } from "../rules/ca-targets-all-apps";
import { caTargetsAllUsersAndApps } from "../rules/ca-targets-all-users-and-apps";
import { caUsesAppEnforcedRestrictions } from "../rules/ca-uses-app-enforced-restrictions";

const LEARN_CA = "https://learn.microsoft.com/entra/identity/conditional-access/plan-conditional-access";
const BASELINE_YAML = (extra: string) => `conditionalAccessPolicies:
  - id: ca001-example
    displayName: CA001-Global-BaseProtection-AllApps-AnyPlatform-Example
    state: enabled
    users: { include: { all: true } }
    applications: { include: [All] }
${extra}`;

/** Conditional access baseline: the offline-evaluable checks of ScubaGear (MS.AAD) and Maester (MT). */
export const CONDITIONAL_ACCESS_PACK: readonly Rule[] = [
  {
    pack: "conditional-access",
    id: "IDAC-CA-001",
    protectsTenant: true,
    title: "Legacy authentication should be blocked for all users",
    severity: "critical",
    level: "error",
    rationale: "Legacy protocols cannot do MFA; password spraying targets them first.",
    remediation: "Add an enabled policy for all users and all apps that blocks client app types exchangeActiveSync and other.",
    example: BASELINE_YAML("    clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }"),
    references: ["MS.AAD.1.1", "MT.1009", "https://learn.microsoft.com/entra/identity/conditional-access/policy-block-legacy-authentication"],
    check: caBlocksLegacyAuth,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-002",
    title: "Exchange ActiveSync clients should be blocked",
    severity: "high",
    level: "error",
    rationale: "ActiveSync basic authentication bypasses MFA.",
    remediation: "Include exchangeActiveSync in the client app types of the legacy-authentication block.",
    example: BASELINE_YAML("    clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }"),
    references: ["MT.1010"],
    check: caBlocksExchangeActiveSync,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-003",
    title: "High user risk should be blocked",
    severity: "high",
    level: "error",
    rationale: "A high user risk means the account is probably compromised.",
    remediation: "Add an enabled policy for all users and all apps with userRiskLevels [high] and grant block.",
    example: BASELINE_YAML("    userRiskLevels: [high]\n    grant: { block: true }"),
    references: ["MS.AAD.2.1", "https://learn.microsoft.com/entra/id-protection/howto-identity-protection-configure-risk-policies"],
    check: caBlocksHighUserRisk,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-004",
    title: "High sign-in risk should be blocked",
    severity: "high",
    level: "error",
    rationale: "A high-risk sign-in is probably not the user.",
    remediation: "Add an enabled policy for all users and all apps with signInRiskLevels [high] and grant block.",
    example: BASELINE_YAML("    signInRiskLevels: [high]\n    grant: { block: true }"),
    references: ["MS.AAD.2.3"],
    check: caBlocksHighSignInRisk,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-005",
    protectsTenant: true,
    title: "Every user should need MFA for every application",
    severity: "critical",
    level: "error",
    rationale: "MFA stops the vast majority of account takeovers.",
    remediation: "Add an enabled, unconditional policy for all users and all apps requiring mfa (or an authentication strength).",
    example: BASELINE_YAML("    grant: { controls: [mfa] }"),
    references: ["MS.AAD.3.2", "MT.1007"],
    check: caRequiresMfaForAll,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-006",
    title: "Every user should sign in with phishing-resistant MFA",
    severity: "medium",
    level: "info",
    rationale: "Phishing-resistant methods (FIDO2, Windows Hello, certificates) defeat adversary-in-the-middle phishing.",
    remediation: "Once phishing-resistant credentials are rolled out, require authenticationStrength phishingResistantMfa for all users.",
    example: BASELINE_YAML("    grant: { authenticationStrength: phishingResistantMfa }"),
    references: ["MS.AAD.3.1"],
    check: caRequiresPhishingResistantMfaForAll,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-007",
    protectsTenant: true,
    title: "Highly privileged roles should sign in with phishing-resistant MFA",
    severity: "critical",
    level: "error",
    rationale: "A phished administrator is a tenant takeover.",
    remediation:
      "Add an enabled policy including every highly privileged role (ScubaGear's list and " +
      "the catalog's privileged roles) requiring phishingResistantMfa for all apps.",
    example:
      "conditionalAccessPolicies:\n  - id: ca100-admins\n    displayName: " +
      "CA100-Admins-BaseProtection-AllApps-AnyPlatform-PhishingResistantMFA\n    state: " +
      "enabled\n    users: { include: { roles: [Global Administrator, Privileged Role " +
      "Administrator, User Administrator] } }\n    applications: { include: [All] }\n    grant: " +
      "{ authenticationStrength: phishingResistantMfa }",
    references: ["MS.AAD.3.6"],
    check: caRequiresPhishingResistantMfaForAdmins,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-008",
    title: "Every user should sign in from a managed device",
    severity: "medium",
    level: "warning",
    rationale: "Compliant or hybrid-joined devices are patched, encrypted and monitored.",
    remediation: "Require compliantDevice or domainJoinedDevice (operator OR) of all users for all apps, starting in report-only.",
    example: BASELINE_YAML("    grant: { operator: OR, controls: [compliantDevice, domainJoinedDevice] }"),
    references: ["MS.AAD.3.7", "MT.1001"],
    check: caRequiresManagedDevice,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-009",
    title: "Security information should be registered only from managed devices or trusted locations",
    severity: "high",
    level: "error",
    rationale: "An attacker with a password registers their own MFA method.",
    remediation:
      "Add a policy on user action registerSecurityInfo for all users, outside trusted " +
      "locations requiring MFA (a Temporary Access Pass for new staff) or a managed device.",
    example:
      "conditionalAccessPolicies:\n  - id: ca009-security-info\n    displayName: " +
      "CA009-Global-BaseProtection-RegisterSecurityInfo-AnyPlatform-MFA\n    state: enabled\n   " +
      " users: { include: { all: true } }\n    applications: { userActions: " +
      "[registerSecurityInfo] }\n    locations: { include: [All], exclude: [AllTrusted] }\n    " +
      "grant: { controls: [mfa] }",
    references: ["MS.AAD.3.8", "MT.1011"],
    check: caProtectsSecurityInfoRegistration,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-010",
    title: "Device code flow should be blocked",
    severity: "high",
    level: "error",
    rationale: "Device code phishing hands an attacker a token for the victim.",
    remediation: "Block authenticationFlows [deviceCodeFlow] for all users and all apps.",
    example: BASELINE_YAML("    authenticationFlows: [deviceCodeFlow]\n    grant: { block: true }"),
    references: ["MS.AAD.3.9", "MT.1052"],
    check: caBlocksDeviceCodeFlow,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-011",
    protectsTenant: true,
    title: "Every policy that is not disabled should exclude the break-glass accounts",
    severity: "critical",
    level: "error",
    rationale: "A mistaken policy must never lock out the emergency-access accounts.",
    remediation: "Remove excludeBreakGlass: false from the policy (idac then excludes the environment's break-glass accounts and group).",
    example: BASELINE_YAML("    grant: { controls: [mfa] }\n    # excludeBreakGlass defaults to true"),
    references: ["MT.1005", "https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access"],
    check: caExcludesBreakGlass,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-012",
    protectsTenant: true,
    title: "New policies should run in report-only before they are enabled",
    severity: "high",
    level: "error",
    rationale: "Report-only shows in the sign-in logs whom a policy would block before it blocks them.",
    remediation: "Merge the policy with state: reportOnly first; enable it in a later change.",
    example: BASELINE_YAML("    state: reportOnly\n    grant: { controls: [mfa] }"),
    references: [LEARN_CA, "https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only"],
    check: caNewPoliciesStartReportOnly,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-013",
    title: "An enabled policy should target all applications",
    severity: "medium",
    level: "error",
    rationale: "Policies scoped to chosen apps leave new apps unprotected.",
    remediation: "Target applications include [All] in the baseline policies.",
    example: BASELINE_YAML("    grant: { controls: [mfa] }"),
    references: ["MT.1003"],
    check: caTargetsAllApps,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-014",
    title: "An enabled policy should target all users and all applications",
    severity: "medium",
    level: "error",
    rationale: "A baseline that names groups misses everybody outside them.",
    remediation: "Include all users and all apps in the baseline policies.",
    example: BASELINE_YAML("    grant: { controls: [mfa] }"),
    references: ["MT.1004"],
    check: caTargetsAllUsersAndApps,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-015",
    protectsTenant: true,
    title: "Administrators should need MFA",
    severity: "critical",
    level: "error",
    rationale: "Administrator accounts are the first target.",
    remediation: "Require MFA (or an authentication strength) of every privileged role for all apps.",
    example:
      "conditionalAccessPolicies:\n  - id: ca100-admins\n    displayName: " +
      "CA100-Admins-BaseProtection-AllApps-AnyPlatform-MFA\n    state: enabled\n    users: { " +
      "include: { roles: [Global Administrator] } }\n    applications: { include: [All] }\n    " +
      "grant: { controls: [mfa] }",
    references: ["MT.1006"],
    check: caRequiresMfaForAdmins,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-016",
    title: "Azure management should need MFA for everybody",
    severity: "high",
    level: "error",
    rationale: "The Azure portal, CLI and PowerShell reach every subscription.",
    remediation: "Require MFA of all users for AzureManagement (or for all apps).",
    example:
      "conditionalAccessPolicies:\n  - id: ca010-azure\n    displayName: " +
      "CA010-Global-BaseProtection-AzureManagement-AnyPlatform-MFA\n    state: enabled\n    " +
      "users: { include: { all: true } }\n    applications: { include: [AzureManagement] }\n    " +
      "grant: { controls: [mfa] }",
    references: ["MT.1008"],
    check: caRequiresMfaForAzureManagement,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-017",
    title: "Risky sign-ins should need MFA or be blocked",
    severity: "high",
    level: "error",
    rationale: "Medium and high sign-in risk must each get an answer.",
    remediation: "Require MFA on medium sign-in risk and block high sign-in risk for all users.",
    example: BASELINE_YAML("    signInRiskLevels: [medium]\n    grant: { controls: [mfa] }"),
    references: ["MT.1012"],
    check: caRequiresMfaForRiskySignIns,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-018",
    title: "High user risk should require a password change or be blocked",
    severity: "high",
    level: "error",
    rationale: "A leaked credential must be replaced.",
    remediation: "Add a policy with userRiskLevels [high] and controls [passwordChange] (operator AND with mfa), or block.",
    example: BASELINE_YAML("    userRiskLevels: [high]\n    grant: { block: true }"),
    references: ["MT.1013"],
    check: caRemediatesHighUserRisk,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-019",
    title: "Administrators should work from compliant or hybrid-joined devices",
    severity: "high",
    level: "error",
    rationale: "Privileged sessions from unmanaged devices leak tokens.",
    remediation: "Require compliantDevice or domainJoinedDevice of every privileged role.",
    example:
      "conditionalAccessPolicies:\n  - id: ca101-admins\n    displayName: " +
      "CA101-Admins-Compliance-AllApps-AnyPlatform-CompliantOrHybridJoined\n    state: " +
      "enabled\n    users: { include: { roles: [Global Administrator] } }\n    applications: { " +
      "include: [All] }\n    grant: { operator: OR, controls: [compliantDevice, " +
      "domainJoinedDevice] }",
    references: ["MT.1014"],
    check: caRequiresManagedDeviceForAdmins,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-020",
    title: "Unknown or unsupported device platforms should be blocked",
    severity: "medium",
    level: "error",
    rationale: "Spoofed or unsupported platforms evade device policies.",
    remediation: "Block platforms include [all] exclude the supported platforms.",
    example: BASELINE_YAML("    platforms: { include: [all], exclude: [android, iOS, windows, macOS, linux] }\n    grant: { block: true }"),
    references: ["MT.1015"],
    check: caBlocksUnknownPlatforms,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-021",
    title: "Guests should need MFA",
    severity: "high",
    level: "error",
    rationale: "Guest accounts are managed by another organisation's hygiene.",
    remediation: "Require MFA of guestsOrExternalUsers (or all users) for all apps.",
    example:
      "conditionalAccessPolicies:\n  - id: ca400-guests\n    displayName: " +
      "CA400-Guests-BaseProtection-AllApps-AnyPlatform-MFA\n    state: enabled\n    users: { " +
      "include: { guestsOrExternalUsers: [b2bCollaborationGuest, b2bCollaborationMember] } }\n  " +
      "  applications: { include: [All] }\n    grant: { controls: [mfa] }",
    references: ["MT.1016"],
    check: caRequiresMfaForGuests,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-022",
    title: "Browser sessions should not persist on unmanaged devices",
    severity: "low",
    level: "warning",
    rationale: "A persistent session on a shared computer is an open door.",
    remediation: "Set session persistentBrowser: never in a policy for browser sessions.",
    example: BASELINE_YAML("    clientAppTypes: [browser]\n    grant: { controls: [mfa] }\n    session: { persistentBrowser: never }"),
    references: ["MT.1017"],
    check: caLimitsBrowserPersistence,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-023",
    title: "A sign-in frequency should limit sessions on unmanaged devices",
    severity: "low",
    level: "warning",
    rationale: "Long sessions outlive the reason they were granted.",
    remediation: "Set session signInFrequency (hours or days) in a policy for unmanaged devices or browsers.",
    example: BASELINE_YAML("    grant: { controls: [mfa] }\n    session: { signInFrequency: { hours: 12 } }"),
    references: ["MT.1018"],
    check: caSetsSignInFrequency,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-024",
    title: "Application-enforced restrictions should limit downloads on unmanaged devices",
    severity: "low",
    level: "info",
    rationale: "SharePoint and Exchange can offer browser-only access.",
    remediation: "Set session applicationEnforcedRestrictions: true for Office365 in a browser policy.",
    example: BASELINE_YAML("    grant: { controls: [mfa] }\n    session: { applicationEnforcedRestrictions: true }"),
    references: ["MT.1019"],
    check: caUsesAppEnforcedRestrictions,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-025",
    title: "MFA policies for all users should exclude directory synchronisation accounts where AD is synchronised",
    severity: "medium",
    level: "warning",
    rationale: "The synchronisation account cannot do MFA; blocking it stops joiners and leavers flowing in.",
    remediation: "Exclude the Directory Synchronization Accounts role from MFA policies for all users (set directorySync on the environment).",
    example: BASELINE_YAML("    users: { include: { all: true }, exclude: { roles: [Directory Synchronization Accounts] } }"),
    references: ["MT.1020"],
    check: caExcludesDirectorySyncAccounts,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-026",
    title: "Groups that decide who a policy applies to should be role-assignable",
    severity: "medium",
    level: "warning",
    rationale: "Whoever can change such a group can switch a policy on or off for anybody.",
    remediation:
      "Make the group role-assignable (only privileged administrators can change it), or " +
      "target all users. A dynamic group cannot be role-assignable (Entra refuses it): target " +
      "all users, or keep the group in a restricted management administrative unit and suppress " +
      "the finding with that reason.",
    example: "groups:\n  - id: ca-exclusions\n    assignableToRole: true\n    ...",
    references: ["MT.1035"],
    check: caProtectsGroupsItUses,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-027",
    title: "A group excluded from a policy should be covered by another policy",
    severity: "medium",
    level: "warning",
    rationale: "Exclusions are where gaps hide.",
    remediation: "Add a policy that gives the excluded group the same kind of control (a block or a grant).",
    example: "conditionalAccessPolicies:\n  - id: ca002-fallback\n    users: { include: { groups: [excluded-group] } }\n    ...",
    references: ["MT.1036"],
    check: caCoversExcludedGroups,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-029",
    title: "User risk and sign-in risk should be handled in separate policies",
    severity: "medium",
    level: "error",
    rationale: "Conditions combine with AND: a policy with both risks applies only when both are present.",
    remediation: "Split the policy in one for user risk and one for sign-in risk.",
    example: BASELINE_YAML("    userRiskLevels: [high]\n    grant: { block: true }"),
    references: ["MT.1049"],
    check: caSeparatesRiskConditions,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-031",
    title: "Every persona should need MFA or be blocked for every application, client and platform",
    severity: "high",
    level: "error",
    rationale: "The coverage matrix finds the combination no single policy review shows.",
    remediation: "Extend the MFA baseline (or a block) to the persona, application, client and platform named; `npx idac coverage` shows the cells.",
    example: BASELINE_YAML("    grant: { controls: [mfa] }"),
    references: ["MT.1007", "https://learn.microsoft.com/entra/identity/conditional-access/what-if-tool"],
    check: caCoversEveryPersona,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-032",
    protectsTenant: true,
    title: "Legacy clients should be blocked for every persona",
    severity: "critical",
    level: "error",
    rationale: "One persona left on legacy authentication is enough for password spraying.",
    remediation: "Block client app types exchangeActiveSync and other for all users.",
    example: BASELINE_YAML("    clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }"),
    references: ["MS.AAD.1.1", "MT.1009"],
    check: caBlocksLegacyForEveryPersona,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-033",
    protectsTenant: true,
    title: "The break-glass account should never be blocked or asked for controls",
    severity: "critical",
    level: "error",
    rationale: "Emergency access must work when everything else fails.",
    remediation: "Keep excludeBreakGlass at its default on every policy.",
    example: BASELINE_YAML("    grant: { controls: [mfa] }"),
    references: ["MT.1005", "https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access"],
    check: caNeverBlocksBreakGlass,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-034",
    protectsTenant: true,
    title: "No persona should be locked out of everything",
    severity: "high",
    level: "error",
    rationale: "A policy set that blocks a whole population everywhere is an outage.",
    remediation: "Narrow the blocking policy (conditions, exclusions with a fallback).",
    example: BASELINE_YAML("    clientAppTypes: [exchangeActiveSync, other]\n    grant: { block: true }"),
    references: ["https://learn.microsoft.com/entra/identity/conditional-access/plan-conditional-access"],
    check: caLocksNobodyOut,
  },
  {
    pack: "conditional-access",
    id: "IDAC-CA-030",
    title: "Every policy should include somebody and target resources",
    severity: "medium",
    level: "error",
    rationale: "A policy that applies to nobody gives a false sense of protection.",
    remediation: "Include users, groups, roles or guests.",
    example: BASELINE_YAML("    grant: { controls: [mfa] }"),
    references: ["MT.1184"],
    check: caHasTargetResources,
  },
];
