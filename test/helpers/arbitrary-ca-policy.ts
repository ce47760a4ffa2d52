import fc from "fast-check";
import { COLLECTIONS, type GraphExport } from "../../src/brownfield/graph";

/**
 * Generated conditional access policies as Microsoft Graph v1.0 returns them (every nullable property present, as a
 * real export holds it), within what azuread 3.7.0 can set (internal/services/conditionalaccess at tag v3.7.0: its
 * expand functions and validation lists), and the objects they point at. Shapes follow the Graph reference pages of
 * conditionalAccessPolicy and its complex types.
 */

const guid = (kind: number, i: number) => `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

export const BREAK_GLASS = {
  accounts: ["aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002"],
  group: "aaaaaaaa-0000-0000-0000-0000000000ff",
};

const USERS = [0, 1, 2, 3].map((i) => ({ id: guid(0x1, i), userPrincipalName: `person${i}@contoso.org`, displayName: `Person ${i}`, accountEnabled: true }));
const GROUPS = [0, 1, 2].map((i) => ({
  "@odata.type": "#microsoft.graph.group",
  id: guid(0x2, i),
  displayName: `CA scope ${i}`,
  description: `Conditional access scope ${i}`,
  securityEnabled: true,
  mailEnabled: false,
  mailNickname: `ca-scope-${i}`,
  isAssignableToRole: null,
  groupTypes: [],
  membershipRule: null,
  membershipRuleProcessingState: null,
  visibility: "Private",
  onPremisesSyncEnabled: null,
  owners: [{ "@odata.type": "#microsoft.graph.user", id: USERS[0]!.id, userPrincipalName: USERS[0]!.userPrincipalName }],
}));
const LOCATIONS = [
  {
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    id: guid(0x3, 0),
    displayName: "Head office",
    isTrusted: true,
    ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: "203.0.113.0/24" }],
  },
  {
    "@odata.type": "#microsoft.graph.countryNamedLocation",
    id: guid(0x3, 1),
    displayName: "Blocked countries",
    countriesAndRegions: ["KP", "IR"],
    includeUnknownCountriesAndRegions: true,
    countryLookupMethod: "clientIpAddress",
  },
];
const STRENGTH = {
  id: guid(0x4, 0),
  displayName: "Travel strength",
  description: "Methods that work abroad",
  policyType: "custom",
  requirementsSatisfied: "mfa",
  allowedCombinations: ["fido2", "password,microsoftAuthenticatorPush"],
};
/** Enterprise applications policies target (by client ID), and workload identities (by service principal object ID). */
const APPS = [0, 1].map((i) => ({ id: guid(0x5, i), appId: guid(0x6, i), displayName: `Line of business app ${i}`, appRoles: [] }));
const WORKLOADS = [0, 1].map((i) => ({ id: guid(0x7, i), appId: guid(0x8, i), displayName: `Batch workload ${i}`, appRoles: [] }));
const ROLES = ["62e90394-69f5-4237-9190-012177145e10", "194ae4cb-b126-40b2-bd5b-6091b380977d", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c"];
const TENANTS = [guid(0x9, 0), guid(0x9, 1)];
const TERMS = [guid(0xa, 0), guid(0xa, 1)];

/** The objects every generated policy may point at, plus the break-glass accounts and group. */
export const WORLD = {
  users: [
    ...USERS,
    ...BREAK_GLASS.accounts.map((id, i) => ({
      id,
      userPrincipalName: `breakglass${i + 1}@contoso.onmicrosoft.com`,
      displayName: `Emergency ${i + 1}`,
      accountEnabled: true,
    })),
  ],
  groups: GROUPS,
  namedLocations: LOCATIONS,
  authenticationStrengthPolicies: [STRENGTH],
  servicePrincipals: [...APPS, ...WORKLOADS],
};

/** An export holding the world and the given policies, read as `readGraphExport` reads one (defaults filled in). */
export function exportOf(policies: readonly Record<string, unknown>[], extra: Partial<Record<keyof GraphExport, unknown[]>> = {}): GraphExport {
  const raw: Record<string, unknown[]> = { ...WORLD, conditionalAccessPolicies: [...policies], ...extra };
  return Object.fromEntries(Object.entries(COLLECTIONS).map(([name, schema]) => [name, (raw[name] ?? []).map((o) => schema.parse(o))])) as GraphExport;
}

const subset = <T>(values: readonly T[], min = 0) => fc.subarray([...values], { minLength: min });
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const FILTER_RULES = [
  'device.trustType -eq "ServerAD"',
  "device.isCompliant -eq True",
  'device.operatingSystem -eq "Doors" -or device.model -startsWith "Surface"',
  'CustomSecurityAttribute.Workload_Tier -eq "batch"',
];
const filter = fc.record({ mode: fc.constantFrom("include", "exclude"), rule: fc.constantFrom(...FILTER_RULES) });
const GUEST_TYPES = ["b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "internalGuest", "otherExternalUser", "serviceProvider"];
const guests = nullable(
  fc.record({
    guestOrExternalUserTypes: subset(GUEST_TYPES, 1).map((t) => t.join(",")),
    externalTenants: fc.oneof(
      fc.constant({ "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" }),
      subset(TENANTS, 1).map((members) => ({
        "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
        membershipKind: "enumerated",
        members,
      })),
    ),
  }),
);

const users = fc
  .record({
    who: fc.constantFrom("all", "some", "none"),
    includeUsers: subset(USERS.map((u) => u.id)),
    includeGroups: subset(GROUPS.map((g) => g.id)),
    includeRoles: subset(ROLES),
    includeGuestsOrExternalUsers: guests,
    excludeUsers: subset(USERS.map((u) => u.id)),
    excludeGroups: subset(GROUPS.map((g) => g.id)),
    excludeRoles: subset(ROLES),
    excludeGuestsOrExternalUsers: guests,
    breakGlass: fc.boolean(),
  })
  .map((u) => {
    const some = u.who === "some" && (u.includeUsers.length + u.includeGroups.length + u.includeRoles.length > 0 || u.includeGuestsOrExternalUsers !== null);
    return {
      includeUsers: u.who === "all" ? ["All"] : some ? u.includeUsers : ["None"],
      // The break-glass accounts and group are excluded from every policy idac manages (or from none, on purpose).
      excludeUsers: [...u.excludeUsers, ...(u.breakGlass ? BREAK_GLASS.accounts : [])],
      includeGroups: some ? u.includeGroups : [],
      excludeGroups: [...u.excludeGroups, ...(u.breakGlass ? [BREAK_GLASS.group] : [])],
      includeRoles: some ? u.includeRoles : [],
      excludeRoles: u.excludeRoles,
      includeGuestsOrExternalUsers: some ? u.includeGuestsOrExternalUsers : null,
      excludeGuestsOrExternalUsers: u.excludeGuestsOrExternalUsers,
    };
  });

const MICROSOFT_APPS = ["797f4846-ba00-4fd7-ba43-dac1f8f63013", "d4ebce55-015a-49b5-a083-c84d1797ae8c"];
const applications = fc.oneof(
  fc
    .record({
      include: fc.constantFrom(["All"], ["Office365"], ["MicrosoftAdminPortals"], ["None"]),
      exclude: subset(["Office365", "MicrosoftAdminPortals", ...MICROSOFT_APPS, ...APPS.map((a) => a.appId)]),
    })
    .map((a) => ({
      includeApplications: a.include,
      excludeApplications: a.include[0] === "None" ? [] : a.exclude.filter((x) => x !== a.include[0]),
      includeUserActions: [],
      includeAuthenticationContextClassReferences: [],
      applicationFilter: null,
    })),
  subset([...MICROSOFT_APPS, ...APPS.map((a) => a.appId)], 1).map((include) => ({
    includeApplications: include,
    excludeApplications: [],
    includeUserActions: [],
    includeAuthenticationContextClassReferences: [],
    applicationFilter: null,
  })),
  subset(["urn:user:registersecurityinfo", "urn:user:registerdevice"], 1).map((actions) => ({
    includeApplications: [],
    excludeApplications: [],
    includeUserActions: actions,
    includeAuthenticationContextClassReferences: [],
    applicationFilter: null,
  })),
);

const clientApplications = nullable(
  fc.oneof(
    fc.record({
      includeServicePrincipals: fc.constant(["ServicePrincipalsInMyTenant"]),
      excludeServicePrincipals: subset(WORKLOADS.map((w) => w.id)),
      servicePrincipalFilter: nullable(filter),
    }),
    fc.record({
      includeServicePrincipals: subset(
        WORKLOADS.map((w) => w.id),
        1,
      ),
      excludeServicePrincipals: fc.constant([] as string[]),
      servicePrincipalFilter: nullable(filter),
    }),
  ),
);

const conditions = fc.record({
  users,
  applications,
  clientApplications,
  clientAppTypes: fc.oneof(fc.constant(["all"]), subset(["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"], 1)),
  platforms: nullable(
    fc.record({
      includePlatforms: subset(["all", "android", "iOS", "windows", "macOS", "linux", "windowsPhone"], 1),
      excludePlatforms: subset(["android", "iOS", "windows", "macOS", "linux", "windowsPhone"]),
    }),
  ),
  locations: nullable(
    fc.record({
      includeLocations: subset(["All", "AllTrusted", ...LOCATIONS.map((l) => l.id)], 1),
      excludeLocations: subset(["AllTrusted", ...LOCATIONS.map((l) => l.id)]),
    }),
  ),
  devices: nullable(fc.record({ deviceFilter: filter })),
  signInRiskLevels: subset(["low", "medium", "high", "hidden", "none"]),
  userRiskLevels: subset(["low", "medium", "high", "hidden", "none"]),
  servicePrincipalRiskLevels: subset(["low", "medium", "high", "none"]),
  insiderRiskLevels: nullable(fc.constantFrom("minor", "moderate", "elevated")),
  authenticationFlows: nullable(subset(["deviceCodeFlow", "authenticationTransfer"], 1).map((m) => ({ transferMethods: m.join(",") }))),
  // Retired or beta-only conditions a v1.0 export still lists as null.
  times: fc.constant(null),
  deviceStates: fc.constant(null),
});

const BUILT_IN_CONTROLS = ["mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange"];
const strengthRef = (id: string, displayName: string) => ({
  id,
  displayName,
  policyType: id === STRENGTH.id ? "custom" : "builtIn",
  requirementsSatisfied: "mfa",
  allowedCombinations: [],
});
const grantControls = fc.oneof(
  fc.record({
    operator: fc.constantFrom("AND", "OR"),
    builtInControls: fc.constant(["block"]),
    customAuthenticationFactors: fc.constant([]),
    termsOfUse: fc.constant([]),
    authenticationStrength: fc.constant(null),
  }),
  fc
    .record({
      operator: fc.constantFrom("AND", "OR"),
      builtInControls: subset(BUILT_IN_CONTROLS),
      strength: fc.constantFrom(null, "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000004", STRENGTH.id),
      termsOfUse: subset(TERMS),
      customAuthenticationFactors: subset(["ContosoHardwareToken"]),
    })
    .filter((g) => g.builtInControls.length + g.termsOfUse.length + (g.strength ? 1 : 0) > 0 && !(g.strength && g.builtInControls.includes("mfa")))
    .map((g) => ({
      operator: g.operator,
      builtInControls: g.builtInControls,
      customAuthenticationFactors: g.customAuthenticationFactors,
      termsOfUse: g.termsOfUse,
      authenticationStrength: g.strength ? strengthRef(g.strength, g.strength === STRENGTH.id ? STRENGTH.displayName : "Built-in strength") : null,
    })),
);

const signInFrequency = fc.oneof(
  fc.record({
    isEnabled: fc.constant(true),
    type: fc.constant("hours"),
    value: fc.integer({ min: 1, max: 23 }),
    authenticationType: fc.constantFrom("primaryAndSecondaryAuthentication", "secondaryAuthentication"),
    frequencyInterval: fc.constant("timeBased"),
  }),
  fc.record({
    isEnabled: fc.constant(true),
    type: fc.constant("days"),
    value: fc.integer({ min: 1, max: 365 }),
    authenticationType: fc.constantFrom("primaryAndSecondaryAuthentication", "secondaryAuthentication"),
    frequencyInterval: fc.constant("timeBased"),
  }),
  fc.record({
    isEnabled: fc.constant(true),
    type: fc.constant(null),
    value: fc.constant(null),
    authenticationType: fc.constantFrom("primaryAndSecondaryAuthentication", "secondaryAuthentication"),
    frequencyInterval: fc.constant("everyTime"),
  }),
);
const sessionControls = fc
  .record({
    signInFrequency: nullable(signInFrequency),
    persistentBrowser: nullable(fc.constantFrom("always", "never").map((mode) => ({ isEnabled: true, mode }))),
    applicationEnforcedRestrictions: nullable(fc.constant({ isEnabled: true })),
    cloudAppSecurity: nullable(
      fc.constantFrom("monitorOnly", "blockDownloads", "mcasConfigured").map((cloudAppSecurityType) => ({ isEnabled: true, cloudAppSecurityType })),
    ),
    disableResilienceDefaults: fc.constantFrom(null, false, true),
  })
  // azuread 3.7.0 sends neither application-enforced restrictions nor resilience defaults with an everyTime frequency.
  .map((s) => (s.signInFrequency?.frequencyInterval === "everyTime" ? { ...s, applicationEnforcedRestrictions: null, disableResilienceDefaults: null } : s));

const effective = (
  s: {
    signInFrequency: unknown;
    persistentBrowser: unknown;
    applicationEnforcedRestrictions: unknown;
    cloudAppSecurity: unknown;
    disableResilienceDefaults: unknown;
  } | null,
) => !!s && !!(s.signInFrequency || s.persistentBrowser || s.applicationEnforcedRestrictions || s.cloudAppSecurity || s.disableResilienceDefaults === true);

/** A policy azuread 3.7.0 can express, as an export holds it. */
export const arbitraryExpressiblePolicy: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    n: fc.integer({ min: 1, max: 999 }),
    name: fc.constantFrom(
      "Global-BaseProtection-AllApps-AnyPlatform-MFA",
      "Admins-IdentityProtection-AllApps",
      "Guests-AttackSurfaceReduction",
      "Workload-Block-Outside-Trusted",
    ),
    description: fc.constantFrom(null, "Made in the portal"),
    state: fc.constantFrom("enabled", "disabled", "enabledForReportingButNotEnforced"),
    conditions,
    grantControls: nullable(grantControls),
    sessionControls: nullable(sessionControls),
  })
  .filter((p) => p.grantControls !== null || effective(p.sessionControls))
  .map((p) => ({
    id: guid(0xc, p.n),
    templateId: null,
    displayName: `CA${String(p.n).padStart(3, "0")}-${p.name}`,
    description: p.description,
    createdDateTime: "2024-05-02T08:15:27.1348447Z",
    modifiedDateTime: null,
    state: p.state,
    conditions: p.conditions,
    grantControls: p.grantControls,
    sessionControls: p.sessionControls,
  }));

/**
 * Properties azuread 3.7.0 cannot express, each put into an expressible policy: the path the refusal must name.
 * Sources: the provider's schema at v3.7.0 (no attribute, a single insider risk level, everyTime without application
 * enforced restrictions, custom controls next to another control) and Graph v1.0/beta property names.
 */
export const PROVIDER_LIMITS: readonly { readonly name: string; readonly path: string; readonly inject: (p: Record<string, any>) => void }[] = [
  {
    name: "an authentication context",
    path: "conditions.applications.includeAuthenticationContextClassReferences",
    inject: (p) => void (p.conditions.applications.includeAuthenticationContextClassReferences = ["c1"]),
  },
  {
    name: "an application filter",
    path: "conditions.applications.applicationFilter",
    inject: (p) => void (p.conditions.applications.applicationFilter = { mode: "include", rule: 'CustomSecurityAttribute.Tier -eq "1"' }),
  },
  {
    name: "token protection",
    path: "sessionControls.secureSignInSession",
    inject: (p) => void (p.sessionControls = { ...(p.sessionControls ?? {}), secureSignInSession: { isEnabled: true } }),
  },
  {
    name: "continuous access evaluation",
    path: "sessionControls.continuousAccessEvaluation",
    inject: (p) => void (p.sessionControls = { ...(p.sessionControls ?? {}), continuousAccessEvaluation: { mode: "strictEnforcement" } }),
  },
  {
    name: "agent identities",
    path: "conditions.clientApplications.includeAgentIdServicePrincipals",
    inject: (p) =>
      void (p.conditions.clientApplications = {
        ...(p.conditions.clientApplications ?? { includeServicePrincipals: [], excludeServicePrincipals: [], servicePrincipalFilter: null }),
        includeAgentIdServicePrincipals: ["All"],
      }),
  },
  { name: "several insider risk levels", path: "conditions.insiderRiskLevels", inject: (p) => void (p.conditions.insiderRiskLevels = "minor,moderate") },
  {
    name: "application-enforced restrictions with an everyTime sign-in frequency",
    path: "sessionControls.applicationEnforcedRestrictions",
    inject: (p) =>
      void (p.sessionControls = {
        ...(p.sessionControls ?? {}),
        signInFrequency: { isEnabled: true, type: null, value: null, authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "everyTime" },
        applicationEnforcedRestrictions: { isEnabled: true },
        disableResilienceDefaults: null,
      }),
  },
  {
    name: "Global Secure Access filtering",
    path: "sessionControls.globalSecureAccessFilteringProfile",
    inject: (p) => void (p.sessionControls = { ...(p.sessionControls ?? {}), globalSecureAccessFilteringProfile: { profileId: "p1", isEnabled: true } }),
  },
];
