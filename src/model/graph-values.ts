/**
 * How catalog values appear in Entra (Microsoft Graph and the azuread provider alike). Shared by the constructs,
 * which write them, and the brownfield import and drift, which read them back.
 */

/** Catalog state → Graph's and the provider's conditional access `state` values. */
export const CA_STATE = { enabled: "enabled", reportOnly: "enabledForReportingButNotEnforced", disabled: "disabled" } as const;

/** Application keywords the catalog accepts → what `includeApplications` holds. */
export const CA_APPLICATION_KEYWORDS: Record<string, string> = {
  All: "All",
  Office365: "Office365",
  MicrosoftAdminPortals: "MicrosoftAdminPortals",
  /** Windows Azure Service Management API (Azure portal, CLI, PowerShell, ARM). */
  AzureManagement: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
  IntuneEnrollment: "d4ebce55-015a-49b5-a083-c84d1797ae8c",
};

export const CA_USER_ACTIONS = { registerSecurityInfo: "urn:user:registersecurityinfo", registerOrJoinDevices: "urn:user:registerdevice" } as const;

/** Built-in authentication strengths: their fixed IDs in every tenant. */
export const BUILT_IN_STRENGTH_GUIDS: Record<string, string> = {
  mfa: "00000000-0000-0000-0000-000000000002",
  passwordlessMfa: "00000000-0000-0000-0000-000000000003",
  phishingResistantMfa: "00000000-0000-0000-0000-000000000004",
};

/** Display names prefix of the group that stands for a business role. */
export const ROLE_GROUP_PREFIX = "Role - ";
