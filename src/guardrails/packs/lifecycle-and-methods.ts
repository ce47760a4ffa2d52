import type { Rule } from "../types";
import { authSmsVoiceOff } from "../rules/auth-sms-voice-off";
import { authTapOneTimeShort } from "../rules/auth-tap-one-time-short";
import { jmlLeaverDisablesSignIn } from "../rules/jml-leaver-disables-sign-in";
import { privDirectRoleNeedsApproval, privDirectRoleRequiresMfa } from "../rules/priv-direct-role-activation";

const METHODS = "https://learn.microsoft.com/entra/identity/authentication/concept-authentication-methods-manage";

/**
 * Authentication methods, lifecycle workflows and the PIM settings of directory roles assigned directly (the
 * governance objects written through Microsoft Graph).
 */
export const LIFECYCLE_AND_METHODS_PACK: readonly Rule[] = [
  {
    pack: "authentication-methods",
    id: "IDAC-AUTH-001",
    title: "Text message and voice call codes should be off, for administrators above all",
    severity: "high",
    level: "error",
    rationale:
      "Codes sent by text message or voice call are intercepted by SIM swapping and call forwarding and are " +
      "not phishing resistant. A method on for every user is on for every administrator.",
    remediation: "Turn the method off; people register Microsoft Authenticator or a passkey instead (the registration campaign nudges them).",
    example: "authenticationMethodsPolicies:\n  - id: tenant\n    sms: { state: disabled }\n    voice: { state: disabled }",
    references: ["MS.AAD.3.5", METHODS],
    check: authSmsVoiceOff,
  },
  {
    pack: "authentication-methods",
    id: "IDAC-AUTH-002",
    title: "Temporary access passes should work once and for a working day at most",
    severity: "high",
    level: "error",
    rationale:
      "A temporary access pass is a password that satisfies MFA: it onboards a person or recovers a lost " +
      "device. A reusable or long-lived pass is a standing credential that bypasses every other method.",
    remediation: "Set oneTimeUse: true and maximumLifetimeMinutes at most 480, in the policy and in joiner workflows that issue passes.",
    example:
      "authenticationMethodsPolicies:\n  - id: tenant\n    temporaryAccessPass: { state: enabled, oneTimeUse: true, defaultLifetimeMinutes: 60, " +
      "minimumLifetimeMinutes: 60, maximumLifetimeMinutes: 480 }",
    references: ["https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass"],
    check: authTapOneTimeShort,
  },
  {
    pack: "lifecycle-workflows",
    id: "IDAC-JML-001",
    title: "A leaver workflow should disable sign-in on the leave date",
    severity: "high",
    level: "error",
    rationale:
      "An account that keeps working after the last day is the most common orphaned access. When lifecycle " +
      "workflows automate joiners and movers, leavers are disabled on their leave date by a scheduled workflow.",
    remediation: "Add an enabled, scheduled leaver workflow with trigger daysAfterLeave: 0 and an enabled disableUserAccount task.",
    example:
      "lifecycleWorkflows:\n  - id: leaver\n    displayName: Leaver\n    description: Disables sign-in on the leave date\n    category: leaver\n" +
      "    trigger: { daysAfterLeave: 0 }\n    when: { employeeType: [Staff, Consultant] }\n    tasks:\n      - task: disableUserAccount",
    references: ["https://learn.microsoft.com/entra/id-governance/understanding-lifecycle-workflows"],
    check: jmlLeaverDisablesSignIn,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-016",
    title: "A privileged directory role assigned directly should require MFA at activation",
    severity: "high",
    level: "error",
    rationale: "The same rule as for PIM groups (IDAC-PRIV-006): an activation is the moment privilege starts, and a stolen password alone must not start it.",
    remediation: "Set activation.requireMfa: true (the default).",
    example:
      "directoryRoleSettings:\n  - id: security-admin\n    directoryRole: Security Administrator\n    activation: { maxDurationHours: 4, requireMfa: true }",
    references: ["https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-how-to-change-default-settings"],
    check: privDirectRoleRequiresMfa,
  },
  {
    pack: "privileged-access",
    id: "IDAC-PRIV-017",
    title: "A highly privileged directory role assigned directly should need approval to activate",
    severity: "high",
    level: "error",
    rationale:
      "Highly privileged roles (Global Administrator, Privileged Role Administrator and the others ScubaGear " +
      "lists) are activated only with someone else's approval, whether through a PIM group or directly.",
    remediation: "List activation.approvers (users or group:<id>).",
    example:
      "directoryRoleSettings:\n  - id: global-admin-direct\n    directoryRole: Global Administrator\n    activation: { maxDurationHours: 1, approvers: [ciso@contoso.org] }",
    references: ["MS.AAD.7.6"],
    check: privDirectRoleNeedsApproval,
  },
];
