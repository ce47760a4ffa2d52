/**
 * How catalog values appear in Entra (Microsoft Graph and the azuread provider alike). Shared by the constructs,
 * which write them, and the brownfield import and drift, which read them back.
 */

/** Catalog state → Graph's and the provider's conditional access `state` values. */
export const CA_STATE = { enabled: "enabled", reportOnly: "enabledForReportingButNotEnforced", disabled: "disabled" } as const;

/** Application keywords the catalog accepts → what `includeApplications` holds. */
export const CA_APPLICATION_KEYWORDS: Record<string, string> = {
  All: "All",
  /** No application: a policy kept for later, or one on workload identities. */
  None: "None",
  Office365: "Office365",
  MicrosoftAdminPortals: "MicrosoftAdminPortals",
  /** Windows Azure Service Management API (Azure portal, CLI, PowerShell, ARM). */
  AzureManagement: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
  IntuneEnrollment: "d4ebce55-015a-49b5-a083-c84d1797ae8c",
};

/**
 * What `includeApplications` holds for a keyword, or undefined when the target is a catalog application ID. Own
 * keys only: an application whose catalog ID is `constructor` is an application, not an Object member.
 */
export function caApplicationKeyword(target: string): string | undefined {
  return Object.hasOwn(CA_APPLICATION_KEYWORDS, target) ? CA_APPLICATION_KEYWORDS[target] : undefined;
}

export const CA_USER_ACTIONS = { registerSecurityInfo: "urn:user:registersecurityinfo", registerOrJoinDevices: "urn:user:registerdevice" } as const;

/** Built-in authentication strengths: their fixed IDs in every tenant. */
export const BUILT_IN_STRENGTH_GUIDS: Record<string, string> = {
  mfa: "00000000-0000-0000-0000-000000000002",
  passwordlessMfa: "00000000-0000-0000-0000-000000000003",
  phishingResistantMfa: "00000000-0000-0000-0000-000000000004",
};

/** Display names prefix of the group that stands for a business role. */
export const ROLE_GROUP_PREFIX = "Role - ";

/** Longest standing (active) PIM for Groups assignment idac allows: active membership must end. */
export const PIM_ACTIVE_ASSIGNMENT_MAXIMUM = "P15D";

/**
 * ISO 8601 duration for a number of hours in half-hour steps, as PIM and the provider's `maximum_duration` take
 * them: PT30M, PT1H, PT1H30M … PT23H30M, and P1D for 24 hours.
 */
export function isoHours(hours: number): string {
  if (hours === 24) return "P1D";
  const minutes = Math.round(hours * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
}

/** Hours of an ISO 8601 duration of whole or half hours (PT1H30M → 1.5, P1D → 24), or undefined. */
export function hoursOf(duration: string): number | undefined {
  if (duration === "P1D") return 24;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!m || (!m[1] && !m[2])) return undefined;
  return Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60;
}

/** Days of an ISO 8601 duration of whole days (P90D → 90), or undefined. */
export function daysOf(duration: string | null | undefined): number | undefined {
  const m = /^P(\d+)D$/.exec(duration ?? "");
  return m ? Number(m[1]) : undefined;
}
