import { z } from "zod";
import { PeopleConfig } from "./people";
import { AuthenticationMethodsPolicyShape } from "./authentication-methods";
import { HR_ATTRIBUTES, HrConditions } from "./hr-conditions";
import { checkLifecycleWorkflow, LifecycleWorkflowShape } from "./lifecycle-workflows";
import {
  ApproverRef,
  CatalogId,
  CountryCode,
  Description,
  DisplayName,
  Guid,
  IpCidr,
  IsoDate,
  MultiLineText,
  PersonRef,
  Sensitivity,
  SingleLineText,
} from "./primitives";

// ─── Lifecycle fields shared by every entry that creates objects ─────────────────────────────────────────

/**
 * `previousIds`: IDs the entry had before (Terraform moves state instead of destroying and recreating).
 * `retire`: take the entry out of idac: `forget` stops managing the objects and leaves them in the tenant
 * (Terraform `removed` blocks with `destroy = false`); `destroy` deletes them (the plan shows the deletion and the
 * plan gate asks for explicit intent).
 * `replace`: acknowledges that this change edits a field that makes Entra replace the object.
 */
/**
 * A suppression's reason is read by auditors: after trimming it is at least 20 characters and three words, and not
 * one character repeated ("xxxxxxxxxxxxxxxxxxxx" says nothing).
 */
export const SUPPRESSION_REASON_MIN_LENGTH = 20;
const meaningful = (s: string) => (s.match(/\p{L}{2,}/gu) ?? []).length >= 3 && new Set(s.replace(/\s+/g, "").toLowerCase()).size > 3;

/** A guardrail rule ID: idac's own (IDAC-CA-001) or an organisation's (MRO-NAMING-001, see docs/rules.md). */
export const RULE_ID = /^[A-Z][A-Z0-9]{1,15}(?:-[A-Z0-9]{1,20}){1,3}$/;

/** Accepts a guardrail finding on purpose, for a while, with a reason an auditor can read. */
export const SuppressionSpec = z.strictObject({
  rule: z.string().regex(RULE_ID, {
    error: "expected a guardrail rule ID such as IDAC-CA-001 (see docs/RULES.md) or an organisation rule ID such as MRO-NAMING-001 (see docs/rules.md)",
  }),
  reason: MultiLineText.trim()
    .min(SUPPRESSION_REASON_MIN_LENGTH, {
      error: `say why the finding is accepted (at least ${SUPPRESSION_REASON_MIN_LENGTH} characters after trimming spaces)`,
    })
    .max(500)
    .refine((s) => s.length < SUPPRESSION_REASON_MIN_LENGTH || meaningful(s), {
      error: "say why the finding is accepted in words (at least three words); an auditor reads this reason",
    }),
  expires: IsoDate.describe("The suppression stops working after this date; renew it deliberately. At most guardrails.suppressionMaxDays (default 365) ahead."),
  ticket: SingleLineText.trim()
    .max(100)
    // A control character is reported by SingleLineText itself, by name.
    .refine((s) => /[\u0000-\u001f\u007f]/.test(s) || /^[A-Za-z0-9][A-Za-z0-9 #:/._-]*$/.test(s), {
      error: "a ticket is a reference such as SEC-1234 or https://tracker/1234 (letters, digits, # : / . _ -)",
    })
    .optional()
    .describe("The change or risk-acceptance ticket; required for rules at error level."),
});

const Lifecycle = {
  importFrom: Guid.optional().describe(
    "Object ID of an existing Entra object this entry adopts: idac emits a Terraform " +
      "import block, so the first plan updates it instead of creating a duplicate.",
  ),
  suppress: z.array(SuppressionSpec).max(20).optional().describe("Guardrail findings on this entry that are accepted, each with a reason and an expiry date."),
  previousIds: z
    .array(CatalogId)
    .max(20)
    .optional()
    .describe(
      "IDs this entry had before, most recent first. idac emits moved blocks, so renaming " +
        "an ID moves Terraform state instead of destroying and recreating the object; derived " +
        "mail nicknames keep the original (last) ID.",
    ),
  retire: z
    .enum(["forget", "destroy"])
    .optional()
    .describe("forget: stop managing the objects and leave them in the tenant; destroy: delete them (needs explicit intent at plan review)."),
  replace: z
    .boolean()
    .optional()
    .describe("Set to true to acknowledge a change of a field that replaces the object (a new object ID; everything pointing at the old one must follow)."),
};

// ─── Environments ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Backend settings are copied into other stacks' `terraform_remote_state` look-ups, where Terraform evaluates `${…}`
 * and `%{…}`, while the backend block reads them literally: no escaping keeps both the same, so they are refused.
 */
const noTemplate = [
  (s: string) => !/[$%]\{/.test(s),
  { error: "backend settings cannot contain '${' or '%{' (Terraform would evaluate them in other stacks' state look-ups)" },
] as const;

const LocalBackend = z.strictObject({
  type: z.literal("local"),
  /** @default `../../../.idac-state/{stack}.tfstate`: next to cdktf.out/, so re-synthesizing never touches state */
  path: z
    .string()
    .refine(...noTemplate)
    .optional()
    .describe(
      "State file path relative to the stack's folder (cdktf.out/stacks/<stack>); {stack} " +
        "is replaced by the stack name. Default: ../../../.idac-state/{stack}.tfstate, i.e. " +
        ".idac-state/ next to cdktf.out/.",
    ),
});

const AzurermBackend = z.strictObject({
  type: z.literal("azurerm"),
  subscriptionId: Guid.optional(),
  resourceGroupName: SingleLineText.min(1)
    .max(90)
    .refine(...noTemplate),
  storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: "storage account names are 3-24 lower-case letters and digits" }),
  containerName: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, { error: "container names are 3-63 lower-case letters, digits and hyphens" }),
  /** State key per stack: `{keyPrefix}{stack}.tfstate`. */
  keyPrefix: SingleLineText.max(200)
    .refine(...noTemplate)
    .default("")
    .describe("Prefix of each stack's state key: <keyPrefix><stack>.tfstate"),
  /** Authenticate to storage with Entra ID (no storage keys). */
  useAzureadAuth: z.boolean().default(true),
  /** Pipelines authenticate with OIDC workload identity federation. */
  useOidc: z.boolean().default(true),
});

export const CaState = z.enum(["enabled", "reportOnly", "disabled"]).describe("enabled, reportOnly (evaluated and logged, not enforced) or disabled");

export const Environment = z.strictObject({
  id: CatalogId,
  displayName: DisplayName.optional(),
  tenantId: Guid.describe("Entra tenant ID of this environment."),
  namePrefix: z
    .string()
    .max(16)
    .regex(/^[A-Za-z0-9 _.-]*$/, { error: "name prefixes use letters, digits, space, '_', '.' and '-'" })
    .default("")
    .describe("Prefixed to the display name of every object idac creates in this environment, e.g. 'DEV-'."),
  breakGlass: z
    .strictObject({
      accounts: z.array(Guid).min(1, { error: "declare the emergency-access accounts' object IDs (Microsoft recommends two)" }),
      group: Guid.optional().describe("Object ID of an existing group holding the emergency-access accounts."),
    })
    .describe("Emergency-access accounts: excluded from every conditional access policy; never created or changed by idac."),
  upnDomains: z
    .record(z.string().regex(/^[a-z0-9.-]+$/), z.string().regex(/^[a-z0-9.-]+$/))
    .optional()
    .describe("Rewrites UPN domains in this environment, e.g. {contoso.org: contosodev.onmicrosoft.com} for a test tenant."),
  domains: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/, { error: "expected a lower-case domain name such as contoso.org" }),
    )
    .min(1, { error: "list the tenant's verified domains, or leave domains out" })
    .max(100)
    .optional()
    .describe(
      "The tenant's verified domains (including its onmicrosoft.com domain), as this " +
        "environment sees them after upnDomains. People written as UPNs in other domains are " +
        "guardrail findings.",
    ),
  backend: z.discriminatedUnion("type", [LocalBackend, AzurermBackend]),
  directorySync: z.boolean().default(false).describe("The tenant synchronises users from Active Directory (Entra Connect or cloud sync)."),
  overrides: z
    .strictObject({
      conditionalAccessPolicies: z
        .record(CatalogId, z.strictObject({ state: CaState }))
        .optional()
        .describe("Per-policy state in this environment, e.g. reportOnly in prod while enabled in dev."),
    })
    .optional(),
});

// ─── Directory objects ───────────────────────────────────────────────────────────────────────────────────

export const AdministrativeUnit = z.strictObject({
  ...Lifecycle,
  id: CatalogId,
  displayName: DisplayName,
  description: Description.optional(),
  hiddenMembership: z.boolean().default(false).describe("Only members of the unit can see its membership."),
});

export const AppRole = z.strictObject({
  id: CatalogId,
  appRoleId: Guid.describe("The app role's ID in the application's manifest."),
  displayName: DisplayName.optional(),
  sensitivity: Sensitivity.optional(),
});

export const Application = z
  .strictObject({
    id: CatalogId,
    displayName: DisplayName,
    clientId: Guid.describe("Application (client) ID of the existing enterprise application; idac never creates it."),
    appRoles: z.array(AppRole).default([]),
  })
  .describe("An existing enterprise application whose app roles business roles grant or CA policies target.");

const AssignedMembership = z.strictObject({
  type: z.literal("assigned"),
  managed: z
    .boolean()
    .default(true)
    .describe("true: idac owns the membership (members below plus business-role groups). false: membership is managed elsewhere."),
  members: z.array(PersonRef).default([]),
});

const DynamicMembership = z.strictObject({
  type: z.literal("dynamic"),
  when: HrConditions,
});

export const Group = z.strictObject({
  ...Lifecycle,
  id: CatalogId,
  displayName: DisplayName,
  description: Description,
  owners: z
    .array(PersonRef)
    .min(1, { error: "a group needs owners (two are recommended)" })
    .max(100, { error: "a group has at most 100 owners (azuread 3.7.0)" }),
  membership: z.discriminatedUnion("type", [AssignedMembership, DynamicMembership]),
  assignableToRole: z.boolean().default(false).describe("Role-assignable group. Changing it replaces the group."),
  administrativeUnit: CatalogId.optional(),
  visibility: z
    .enum(["Private", "Public"])
    .default("Private")
    .describe("Private (default) or Public. Hidden membership exists only for Microsoft 365 groups, not security groups."),
  mailNickname: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "mail nicknames are 1-64 characters: letters, digits, '.', '_' and '-'" })
    .optional()
    .describe("Default: derived from the catalog ID. Changing it replaces the group."),
  sensitivity: Sensitivity.optional(),
});

// ─── Access packages and business roles ──────────────────────────────────────────────────────────────────

export const AccessPackageCatalog = z.strictObject({
  ...Lifecycle,
  id: CatalogId,
  displayName: DisplayName,
  description: Description,
  externallyVisible: z.boolean().default(false),
  published: z.boolean().default(true),
});

const ApprovalStage = z.strictObject({
  approvers: z.array(ApproverRef).min(1).max(25),
  backupApprovers: z
    .array(ApproverRef.refine((s) => s !== "manager" && s !== "sponsors", { error: "a backup approver must be a user or a group" }))
    .max(25)
    .default([]),
  timeoutDays: z.number().int().min(2).max(14).default(14).describe("Days an approver has to decide (2-14)."),
  approverJustificationRequired: z.boolean().default(true),
  escalation: z
    .strictObject({
      afterDays: z.number().int().min(1).max(13),
      approvers: z.array(ApproverRef).min(1).max(25),
    })
    .optional()
    .describe("Alternate approvers asked when the primary approvers have not answered after afterDays."),
});

const Expiry = z.union([
  z.strictObject({ afterDays: z.number().int().min(1).max(3650) }),
  z.strictObject({ onDate: IsoDate }),
  z.strictObject({ never: z.literal(true) }),
]);

const AccessReview = z.strictObject({
  frequency: z.enum(["weekly", "monthly", "quarterly", "halfyearly", "annual"]),
  reviewers: z
    .union([
      z.literal("self"),
      z.literal("manager"),
      z.array(ApproverRef.refine((s) => s !== "manager", { error: "use reviewers: manager on its own" })).min(1),
    ])
    .describe("self, manager, or a list of users/groups."),
  durationDays: z.number().int().min(1).max(180).default(14),
  startsOn: IsoDate.optional(),
  whenNoResponse: z.enum(["keepAccess", "removeAccess", "acceptRecommendation"]).default("removeAccess"),
  justificationRequired: z.boolean().default(true),
  recommendations: z.boolean().default(true),
});

const Requestors = z.strictObject({
  scope: z
    .enum(["allMembers", "allUsers", "groups", "none"])
    .describe(
      "allMembers: member users of the tenant; allUsers: members and guests; groups: members of the listed groups; none: nobody may request (admins assign).",
    ),
  groups: z.array(CatalogId).default([]),
});

const RequestAssignment = z.strictObject({
  type: z.literal("request"),
  catalog: CatalogId,
  requestors: Requestors.default({ scope: "allMembers", groups: [] }),
  requestorJustificationRequired: z.boolean().default(true),
  approval: z
    .union([
      z.strictObject({ stages: z.array(ApprovalStage).min(1).max(3) }),
      z.strictObject({ none: z.literal(true), reason: MultiLineText.min(10, { error: "say why no approval is needed (at least 10 characters)" }) }),
    ])
    .describe("Approval stages (1-3), or {none: true, reason} for access nobody needs to approve."),
  expiry: Expiry.describe("{afterDays}, {onDate} or {never: true}."),
  extensionAllowed: z.boolean().default(true),
  review: AccessReview.optional(),
  hidden: z.boolean().default(false).describe("Hide the package from the My Access portal (reachable by link only)."),
  // --- automatic assignment ---
  autoAssign: z
    .strictObject({
      when: HrConditions.describe("Who receives the package without asking: HR conditions, as for dynamic groups."),
      gracePeriodDays: z.number().int().min(0).max(30).default(7).describe("Days someone keeps the package after they stop matching (0: removed at once)."),
    })
    .optional()
    .describe(
      "Assign the package automatically to everyone matching the HR conditions, and remove it when they stop matching " +
        "(an automatic assignment policy next to the request policy).",
    ),
  // --- end automatic assignment ---
});

const BirthrightAssignment = z.strictObject({
  type: z.literal("birthright"),
  when: HrConditions,
});

/**
 * What a business role adopts: its role group, and for a requestable role the access package, its assignment
 * policy and resource role scope, and the existing app role assignments of the role group.
 */
export const BusinessRoleAdoption = z.strictObject({
  group: Guid.describe("Object ID of the existing role group."),
  accessPackage: Guid.optional(),
  assignmentPolicy: Guid.optional(),
  resourceRoleScope: z
    .string()
    .regex(/^[0-9a-fA-F-]{36}_[0-9a-fA-F-]{36}$/, { error: "expected <role ID>_<scope ID> of the access package's resource role scope" })
    .optional()
    .describe("The package's resource role scope of the role group, as <role ID>_<scope ID>."),
  appRoleAssignments: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, { error: "expected <application id>/<app role id>" }),
      z.string().regex(/^[0-9a-fA-F-]{36}\/[A-Za-z0-9_-]{1,100}$/, { error: "expected <service principal object ID>/<app role assignment ID>" }),
    )
    .optional()
    .describe("Existing app role assignments of the role group, by <application id>/<app role id>: <service principal object ID>/<assignment ID>."),
  // --- automatic assignment ---
  autoAssignmentPolicy: Guid.optional().describe("The existing automatic assignment policy of the access package (assignment.autoAssign)."),
  // --- end automatic assignment ---
});

export const BusinessRole = z.strictObject({
  ...Lifecycle,
  importFrom: z
    .union([Guid, BusinessRoleAdoption])
    .optional()
    .describe(
      "The existing role group's object ID, or {group, accessPackage, assignmentPolicy, " +
        "resourceRoleScope, appRoleAssignments} to adopt a requestable role's objects too (idac " +
        "import writes it).",
    ),
  id: CatalogId,
  displayName: DisplayName,
  description: Description,
  owners: z
    .array(PersonRef)
    .min(1, { error: "a business role needs owners (two are recommended)" })
    .max(100, { error: "a role group has at most 100 owners (azuread 3.7.0)" }),
  sensitivity: Sensitivity.default("internal"),
  entitlements: z
    .strictObject({
      groups: z.array(CatalogId).default([]),
      appRoles: z
        .array(z.string().regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, { error: "expected <application id>/<app role id>, e.g. erp/payment-approver" }))
        .default([]),
      roles: z.array(CatalogId).default([]).describe("Other business roles whose entitlements this role includes."),
    })
    .default({ groups: [], appRoles: [], roles: [] }),
  assignment: z
    .discriminatedUnion("type", [BirthrightAssignment, RequestAssignment])
    .optional()
    .describe("How people get the role. Omit for a building-block role that only other roles include."),
});

// ─── Privileged access (PIM for Groups) ──────────────────────────────────────────────────────────────────

const ScheduleAdoption = z
  .string()
  .regex(/^(?:[0-9a-fA-F-]{36}_(?:member|owner)_)?[0-9a-fA-F-]{36}$/, {
    error: "expected the PIM schedule's ID: <group ID>_member_<ID> as Graph returns it, or its last part",
  })
  .optional()
  .describe("ID of the existing PIM schedule this entry adopts, as Graph returns it (<group ID>_member_<ID>); idac import writes it.");

const Eligibility = z
  .strictObject({
    importFrom: ScheduleAdoption,
    principal: PersonRef,
    expires: IsoDate.optional(),
    durationDays: z.number().int().min(1).max(365).optional(),
    justification: MultiLineText.min(1).max(500).optional(),
  })
  .refine((e) => (e.expires === undefined) !== (e.durationDays === undefined), {
    error: "give exactly one of expires (a date) or durationDays: eligibility always ends",
  });

/** How a PIM role is activated: the same fields for PIM groups and for directory roles used directly. */
export const PimActivation = z.strictObject({
  maxDurationHours: z
    .number()
    .min(0.5)
    .max(24)
    .multipleOf(0.5, { error: "activation durations are whole or half hours (PIM accepts 30-minute steps)" })
    .describe("Longest activation, in hours: 0.5 to 24 in half-hour steps."),
  requireMfa: z.boolean().default(true),
  requireJustification: z.boolean().default(true),
  requireTicket: z.boolean().default(false),
  approvers: z
    .array(ApproverRef.refine((s) => s !== "manager" && s !== "sponsors", { error: "activation approvers are users or groups" }))
    .max(25)
    .optional()
    .describe("When set, every activation needs approval by one of these."),
});

/** Longest eligibility PIM allows for new assignments. */
export const EligibilityMaxDays = z
  .union([z.literal(15), z.literal(30), z.literal(90), z.literal(180), z.literal(365)])
  .default(90)
  .describe("Longest eligibility PIM allows for new assignments: 15, 30, 90, 180 or 365 days.");

export const PrivilegedRole = z.strictObject({
  ...Lifecycle,
  importFrom: z
    .union([
      Guid,
      z.strictObject({
        group: Guid,
        roleAssignment: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "expected the ID of the directory role assignment" }),
      }),
    ])
    .optional()
    .describe("The existing PIM group's object ID, or {group, roleAssignment} to adopt its directory role assignment too (idac import writes it)."),
  id: CatalogId,
  directoryRole: SingleLineText.min(1).describe("Built-in directory role: its name (any case), e.g. Global Administrator, or its role template ID."),
  administrativeUnit: CatalogId.optional().describe("Scope the role to this administrative unit instead of the tenant."),
  group: z.strictObject({
    displayName: DisplayName,
    description: Description,
    owners: z.array(PersonRef).min(1).max(100, { error: "a PIM group has at most 100 owners (azuread 3.7.0)" }),
  }),
  eligible: z.array(Eligibility).default([]),
  activation: PimActivation,
  active: z
    .array(
      z
        .strictObject({
          importFrom: ScheduleAdoption,
          principal: PersonRef,
          expires: IsoDate.optional(),
          durationDays: z.number().int().min(1).max(365).optional(),
          permanent: z.literal(true).optional(),
          justification: MultiLineText.min(1).max(500).optional(),
        })
        .refine((a) => [a.expires, a.durationDays, a.permanent].filter((v) => v !== undefined).length === 1, {
          error: "give exactly one of expires, durationDays or permanent: true",
        }),
    )
    .default([])
    .describe("Standing (active) members of the PIM group: they hold the role without activating. A guardrail finding: use eligible instead."),
  eligibilityMaxDays: EligibilityMaxDays,
});

// ─── Conditional access ──────────────────────────────────────────────────────────────────────────────────

export const NamedLocation = z
  .strictObject({
    ...Lifecycle,
    id: CatalogId,
    displayName: DisplayName,
    ip: z.strictObject({ ranges: z.array(IpCidr).min(1), trusted: z.boolean().default(false) }).optional(),
    countries: z
      .strictObject({
        codes: z.array(CountryCode).min(1),
        includeUnknown: z.boolean().default(false),
        lookup: z.enum(["clientIpAddress", "authenticatorAppGps"]).default("clientIpAddress"),
      })
      .optional(),
  })
  .refine((l) => (l.ip === undefined) !== (l.countries === undefined), { error: "a named location has exactly one of ip or countries" });

export const AUTHENTICATION_COMBINATIONS = [
  "fido2",
  "password",
  "deviceBasedPush",
  "temporaryAccessPassOneTime",
  "federatedMultiFactor",
  "federatedSingleFactor",
  "hardwareOath,federatedSingleFactor",
  "microsoftAuthenticatorPush,federatedSingleFactor",
  "password,hardwareOath",
  "password,microsoftAuthenticatorPush",
  "password,sms",
  "password,softwareOath",
  "password,voice",
  "sms",
  "sms,federatedSingleFactor",
  "softwareOath,federatedSingleFactor",
  "temporaryAccessPassMultiUse",
  "voice,federatedSingleFactor",
  "windowsHelloForBusiness",
  "x509CertificateMultiFactor",
  "x509CertificateSingleFactor",
] as const;

export const AuthenticationStrength = z.strictObject({
  ...Lifecycle,
  id: CatalogId,
  displayName: DisplayName,
  description: Description.optional(),
  allowedCombinations: z.array(z.enum(AUTHENTICATION_COMBINATIONS)).min(1),
});

export const GUEST_TYPES = [
  "b2bCollaborationGuest",
  "b2bCollaborationMember",
  "b2bDirectConnectUser",
  "internalGuest",
  "otherExternalUser",
  "serviceProvider",
] as const;

const UserSet = {
  groups: z.array(CatalogId).default([]),
  roles: z.array(SingleLineText.min(1)).default([]).describe("Built-in directory roles, by name (e.g. Global Administrator) or role template ID."),
  users: z.array(PersonRef).default([]),
  guestsOrExternalUsers: z.array(z.enum(GUEST_TYPES)).default([]),
  legacyGuestsOrExternalUsers: z
    .literal(true)
    .optional()
    .describe(
      "Entra's legacy GuestsOrExternalUsers keyword among the users (every guest and " +
        "external user), as older policies hold it. New policies list guestsOrExternalUsers types " +
        "instead.",
    ),
  externalTenants: z
    .array(Guid)
    .min(1, { error: "list the external tenants' IDs, or leave externalTenants out for every external tenant" })
    .optional()
    .describe("Only guests and external users from these Microsoft Entra tenants (tenant IDs). Default: every external tenant."),
};

/** externalTenants narrows guestsOrExternalUsers, so it needs guest types to narrow. */
const tenantsNeedGuests = (set: { guestsOrExternalUsers: readonly string[]; externalTenants?: readonly string[] | undefined }) =>
  set.externalTenants === undefined || set.guestsOrExternalUsers.length > 0;
const TENANTS_NEED_GUESTS = { error: "externalTenants narrows guestsOrExternalUsers: list the guest or external user types too", path: ["externalTenants"] };

export const CA_APP_KEYWORDS = ["All", "None", "Office365", "MicrosoftAdminPortals", "AzureManagement", "IntuneEnrollment"] as const;
const AppTarget = z
  .union([z.enum(CA_APP_KEYWORDS), CatalogId])
  .describe("All, None, Office365, MicrosoftAdminPortals, AzureManagement, IntuneEnrollment, or an application ID from the catalog.");

export const GRANT_CONTROLS = ["mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange"] as const;
export const BUILT_IN_STRENGTHS = ["mfa", "passwordlessMfa", "phishingResistantMfa"] as const;
export const PLATFORMS = ["all", "android", "iOS", "windows", "macOS", "linux", "windowsPhone"] as const;
export const CLIENT_APP_TYPES = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"] as const;
/** Sign-in and user risk levels (Graph riskLevel without unknownFutureValue). */
export const RISK_LEVELS = ["high", "medium", "low", "hidden", "none"] as const;
/** Service principal risk levels: Graph documents no `hidden` level for them. */
export const SERVICE_PRINCIPAL_RISK_LEVELS = ["high", "medium", "low", "none"] as const;
export const INSIDER_RISK_LEVELS = ["minor", "moderate", "elevated"] as const;
export const AUTHENTICATION_FLOWS = ["deviceCodeFlow", "authenticationTransfer"] as const;
export const SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES = ["primaryAndSecondaryAuthentication", "secondaryAuthentication"] as const;

/** A device or service principal filter: a rule in Entra's filter syntax, and whether matches are included or excluded. */
const Filter = z.strictObject({
  mode: z.enum(["include", "exclude"]).describe("include: the policy applies to what the rule matches; exclude: to everything else."),
  rule: SingleLineText.trim().min(1, { error: 'write the filter rule, e.g. device.trustType -eq "ServerAD"' }).max(3072),
});

const Grant = z
  .strictObject({
    block: z.literal(true).optional(),
    operator: z.enum(["AND", "OR"]).default("OR").describe("AND: every control; OR: any one control. Kept as written, with block too."),
    controls: z.array(z.enum(GRANT_CONTROLS)).default([]),
    authenticationStrength: SingleLineText.min(1).optional().describe("mfa, passwordlessMfa, phishingResistantMfa, or a custom strength's catalog ID."),
    termsOfUse: z.array(Guid).default([]).describe("IDs of existing terms of use (agreements) users must accept; idac does not create them."),
    customAuthenticationFactors: z.array(SingleLineText.trim().min(1).max(256)).default([]).describe("IDs of existing custom controls the policy requires."),
  })
  .refine(
    (g) =>
      (g.block === true) !== (g.controls.length + g.termsOfUse.length + g.customAuthenticationFactors.length > 0 || g.authenticationStrength !== undefined),
    {
      error: "a grant is either {block: true} or controls, an authenticationStrength, termsOfUse and/or customAuthenticationFactors",
    },
  )
  .refine((g) => !(g.controls.includes("mfa") && g.authenticationStrength !== undefined), {
    error: "mfa and an authenticationStrength cannot be combined in one policy; use the strength alone",
  })
  .refine((g) => g.customAuthenticationFactors.length === 0 || g.controls.length + g.termsOfUse.length > 0 || g.authenticationStrength !== undefined, {
    error: "azuread 3.7.0 needs a built-in control, an authenticationStrength or termsOfUse next to customAuthenticationFactors",
    path: ["customAuthenticationFactors"],
  });

const SignInAuthenticationType = z
  .enum(SIGN_IN_FREQUENCY_AUTHENTICATION_TYPES)
  .optional()
  .describe("primaryAndSecondaryAuthentication (default): sign in again with every factor; secondaryAuthentication: repeat the second factor only.");

const Session = z
  .strictObject({
    signInFrequency: z
      .union([
        z.strictObject({ hours: z.number().int().min(1).max(23), authenticationType: SignInAuthenticationType }),
        z.strictObject({ days: z.number().int().min(1).max(365), authenticationType: SignInAuthenticationType }),
        z.literal("everyTime"),
        z.strictObject({ everyTime: z.literal(true), authenticationType: SignInAuthenticationType }),
      ])
      .optional()
      .describe("{hours: 1-23}, {days: 1-365}, everyTime, or {everyTime: true} with an authenticationType."),
    persistentBrowser: z.enum(["always", "never"]).optional(),
    applicationEnforcedRestrictions: z.boolean().optional(),
    cloudAppSecurity: z.enum(["monitorOnly", "blockDownloads", "mcasConfigured"]).optional(),
    disableResilienceDefaults: z
      .boolean()
      .optional()
      .describe("true: when Entra cannot evaluate the policy in an outage, access is blocked instead of granted from existing sessions."),
  })
  .refine((s) => !isEveryTime(s.signInFrequency) || (s.applicationEnforcedRestrictions === undefined && s.disableResilienceDefaults === undefined), {
    error:
      "azuread 3.7.0 does not send applicationEnforcedRestrictions or " +
      "disableResilienceDefaults with a sign-in frequency of everyTime (Entra refuses the " +
      "combination): remove them or use a time-based frequency",
    path: ["signInFrequency"],
  });

/** Whether a sign-in frequency asks for a new sign-in every time (either spelling). */
export function isEveryTime(f: unknown): boolean {
  return f === "everyTime" || (typeof f === "object" && f !== null && (f as { everyTime?: unknown }).everyTime === true);
}

/** Whether session controls do anything: azuread 3.7.0 refuses a policy with no grant and ineffective session controls. */
function effectiveSession(s: z.infer<typeof Session> | undefined): boolean {
  return (
    !!s &&
    (s.signInFrequency !== undefined ||
      s.persistentBrowser !== undefined ||
      s.applicationEnforcedRestrictions === true ||
      s.cloudAppSecurity !== undefined ||
      s.disableResilienceDefaults === true)
  );
}

export const ConditionalAccessPolicy = z
  .strictObject({
    ...Lifecycle,
    id: CatalogId,
    displayName: DisplayName.describe("CA<number>-<Persona>-<PolicyType>-<App>-<Platform>-<Grant>[-<Description>]"),
    description: Description.optional(),
    state: CaState.default("reportOnly").describe("Default reportOnly: new policies are observed before they are enforced."),
    users: z
      .strictObject({
        include: z.strictObject({ all: z.boolean().default(false), ...UserSet }).refine(tenantsNeedGuests, TENANTS_NEED_GUESTS),
        exclude: z
          .strictObject(UserSet)
          .refine(tenantsNeedGuests, TENANTS_NEED_GUESTS)
          .default({ groups: [], roles: [], users: [], guestsOrExternalUsers: [] }),
      })
      .describe("Users the policy applies to. include: {} names nobody (Graph's None), for a policy on workload identities only."),
    applications: z.union([
      z
        .strictObject({ include: z.array(AppTarget).min(1), exclude: z.array(AppTarget).default([]) })
        .refine((a) => !a.include.includes("None") || a.include.length === 1, { error: "None targets no application: list it alone", path: ["include"] })
        .refine((a) => !a.exclude.includes("None") && !a.exclude.includes("All"), {
          error: "exclude All or None says nothing: exclude applications or Office365, MicrosoftAdminPortals",
          path: ["exclude"],
        }),
      z.strictObject({ userActions: z.array(z.enum(["registerSecurityInfo", "registerOrJoinDevices"])).min(1) }),
    ]),
    clientApplications: z
      .strictObject({
        include: z
          .array(z.union([z.literal("ServicePrincipalsInMyTenant"), CatalogId]))
          .min(1)
          .describe("ServicePrincipalsInMyTenant (every workload identity of the tenant), or application IDs from the catalog (their service principals)."),
        exclude: z.array(CatalogId).default([]),
        filter: Filter.optional().describe('Service principals by custom security attributes, e.g. CustomSecurityAttribute.Workload_Tier -eq "batch".'),
      })
      .refine((c) => c.exclude.length === 0 || (c.include.length === 1 && c.include[0] === "ServicePrincipalsInMyTenant"), {
        error: "excluding service principals needs include: [ServicePrincipalsInMyTenant] (azuread 3.7.0)",
        path: ["include"],
      })
      .optional()
      .describe("Workload identities (service principals) the policy applies to, with users: { include: {} }."),
    clientAppTypes: z.array(z.enum(CLIENT_APP_TYPES)).optional().describe("Omit for all client app types. 'other' = legacy authentication clients."),
    deviceFilter: Filter.optional().describe("Devices by a filter rule, e.g. {mode: exclude, rule: 'device.isCompliant -eq True'}."),
    platforms: z.strictObject({ include: z.array(z.enum(PLATFORMS)).min(1), exclude: z.array(z.enum(PLATFORMS)).default([]) }).optional(),
    locations: z
      .strictObject({
        include: z.array(z.union([z.enum(["All", "AllTrusted"]), CatalogId])).min(1),
        exclude: z.array(z.union([z.enum(["AllTrusted"]), CatalogId])).default([]),
      })
      .optional(),
    signInRiskLevels: z.array(z.enum(RISK_LEVELS)).optional(),
    userRiskLevels: z.array(z.enum(RISK_LEVELS)).optional(),
    servicePrincipalRiskLevels: z.array(z.enum(SERVICE_PRINCIPAL_RISK_LEVELS)).optional().describe("Workload identity risk (with clientApplications)."),
    insiderRiskLevels: z
      .array(z.enum(INSIDER_RISK_LEVELS))
      .min(1)
      .max(1, { error: "azuread 3.7.0 sets one insider risk level per policy (insider_risk_levels is a single value)" })
      .optional()
      .describe("Insider risk from Microsoft Purview: [minor], [moderate] or [elevated]."),
    authenticationFlows: z.array(z.enum(AUTHENTICATION_FLOWS)).optional(),
    grant: Grant.optional().describe("Omit for a policy with session controls only."),
    session: Session.optional(),
    excludeBreakGlass: z
      .boolean()
      .default(true)
      .describe(
        "Default true: the environment's break-glass accounts and group are excluded. " +
          "false is for a policy aimed at the break-glass accounts themselves, and is a guardrail " +
          "finding.",
      ),
  })
  .refine((p) => p.grant !== undefined || effectiveSession(p.session), {
    error: "a policy needs grant controls, session controls, or both (azuread 3.7.0: with no grant, a session control must do something)",
    path: ["grant"],
  });

// ─── Governance: lifecycle workflows, authentication methods, directory role settings ──────────────────────

/** A Lifecycle Workflows workflow: joiner, mover or leaver tasks for the people HR conditions select. */
export const LifecycleWorkflow = z
  .strictObject({
    importFrom: Guid.optional().describe("Object ID of an existing workflow this entry adopts (idac import writes it)."),
    suppress: Lifecycle.suppress,
    previousIds: Lifecycle.previousIds,
    ...LifecycleWorkflowShape,
  })
  .superRefine(checkLifecycleWorkflow);

/** The tenant's authentication methods policy (at most one in a catalog). */
export const AuthenticationMethodsPolicy = z.strictObject({
  suppress: Lifecycle.suppress,
  ...AuthenticationMethodsPolicyShape,
});

/**
 * PIM settings of a directory role that is assigned directly (not through a PIM group): its role management policy.
 * Entra creates one policy per role; idac updates its rules and never deletes them.
 */
export const DirectoryRoleSetting = z.strictObject({
  suppress: Lifecycle.suppress,
  id: CatalogId,
  directoryRole: SingleLineText.min(1).describe("Built-in directory role: its name (any case), e.g. Global Administrator, or its role template ID."),
  activation: PimActivation,
  eligibilityMaxDays: EligibilityMaxDays,
});

// ─── Segregation of duties ───────────────────────────────────────────────────────────────────────────────

export const EntitlementRef = z.string().regex(/^(role|group|privilegedRole):[a-z][a-z0-9-]*$|^appRole:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, {
  error: "expected role:<id>, group:<id>, privilegedRole:<id> or appRole:<application id>/<app role id>",
});

export const SodRule = z.strictObject({
  id: CatalogId,
  title: SingleLineText.min(5).max(200),
  rationale: MultiLineText.min(10),
  severity: z.enum(["low", "medium", "high", "critical"]),
  conflictingSets: z
    .array(z.strictObject({ name: SingleLineText.min(1).max(100), entitlements: z.array(EntitlementRef).min(1) }))
    .min(2, { error: "an SoD rule needs at least two sets that must not be combined" }),
  // --- SoD enforcement ---
  enforcement: z
    .enum(["reportOnly", "incompatible"])
    .default("reportOnly")
    .describe(
      "reportOnly: the rule is checked when the catalog changes (pull request) only. incompatible: Entra also refuses the " +
        "combination when someone requests access: the access packages of requestable roles in different sets are made " +
        "incompatible with each other, and groups named in a set are incompatible with the packages of the other sets.",
    ),
  // --- end SoD enforcement ---
});

// --- access reviews ---
// ─── Access reviews (Microsoft Graph access review definitions) ─────────────────────────────────────────

/** What an access review reviews: exactly one target. */
const AccessReviewTarget = z
  .strictObject({
    role: CatalogId.optional().describe("A business role: the members of its role group."),
    privilegedRole: CatalogId.optional().describe("A privileged role: the eligible and active members of its PIM group."),
    group: CatalogId.optional().describe("A catalog group: its members, direct and through nested groups."),
    application: CatalogId.optional().describe("A catalog application: the users and groups assigned to it."),
  })
  .refine((t) => Object.values(t).filter((v) => v !== undefined).length === 1, {
    error: "an access review reviews exactly one thing: give one of role, privilegedRole, group or application",
  })
  .describe("What is reviewed: {role: <business role>}, {privilegedRole: <privileged role>}, {group: <group>} or {application: <application>}.");

export const AccessReviewDefinition = z.strictObject({
  ...Lifecycle,
  id: CatalogId,
  displayName: DisplayName,
  description: Description.describe("Why the review exists, shown to administrators."),
  reviewerInstructions: SingleLineText.min(1)
    .max(256, { error: "reviewer instructions are sent by e-mail, which allows at most 256 characters" })
    .optional()
    .describe("Shown to reviewers in the e-mail (at most 256 characters). Default: the description's first 256 characters."),
  target: AccessReviewTarget,
  guestsOnly: z.boolean().default(false).describe("Review only guest users of the target (members are not asked about)."),
  frequency: z.enum(["weekly", "monthly", "quarterly", "halfyearly", "annual"]).describe("How often a new review round starts."),
  startsOn: IsoDate.describe("The date of the first round; later rounds follow the frequency."),
  durationDays: z.number().int().min(1).max(180).default(14).describe("How many days reviewers have in each round."),
  reviewers: z
    .union([
      z.literal("self"),
      z.literal("manager"),
      z.literal("owners"),
      z.array(ApproverRef.refine((s) => s !== "manager" && s !== "sponsors", { error: "use reviewers: manager on its own; sponsors cannot review" })).min(1),
    ])
    .describe("self (people review their own access), manager, owners (of the group or application), or a list of users and 'group:<id>'."),
  fallbackReviewers: z
    .array(PersonRef)
    .max(20)
    .default([])
    .describe("People who review when the manager or owners do not exist (required with manager or owners)."),
  whenNoResponse: z
    .enum(["keepAccess", "removeAccess", "acceptRecommendation", "noDecision"])
    .default("removeAccess")
    .describe("What happens to people nobody reviewed: keepAccess, removeAccess, acceptRecommendation, or noDecision (left undecided)."),
  autoApply: z.boolean().default(true).describe("Apply the decisions automatically when a round ends (otherwise an administrator applies them)."),
  justificationRequired: z.boolean().default(true).describe("Reviewers must say why when they approve access."),
  recommendations: z.boolean().default(true).describe("Show reviewers Entra's recommendations (based on sign-in activity)."),
});
// --- end access reviews ---

// ─── Personas (conditional access what-if) ──────────────────────────────────────────────────────────────

/**
 * A persona's HR attributes: the attributes HR conditions test (the user type is the persona's own `userType`), so a
 * misspelt attribute is an error instead of a value no condition ever reads.
 */
const PersonaHr = z.strictObject(
  Object.fromEntries(
    Object.keys(HR_ATTRIBUTES)
      .filter((k) => k !== "userType")
      .map((k) => [k, SingleLineText.min(1).max(256).optional()]),
  ) as Record<string, z.ZodOptional<typeof SingleLineText>>,
);

export const Persona = z.strictObject({
  id: CatalogId,
  displayName: DisplayName,
  description: Description.optional(),
  userType: z.enum(["member", "guest"]).default("member"),
  guestType: z.enum(GUEST_TYPES).default("b2bCollaborationGuest").describe("For guests: which kind of external user."),
  hr: PersonaHr.default({}).describe("HR attributes of the representative person, e.g. {department: Finance, employeeType: Staff}."),
  groups: z.array(CatalogId).default([]).describe("Assigned groups the person is a member of (dynamic groups follow from hr)."),
  requestedRoles: z.array(CatalogId).default([]).describe("Requestable business roles the person holds."),
  directoryRoles: z
    .array(SingleLineText.min(1))
    .default([])
    .describe("Directory roles active during the sign-in (after PIM activation), by name or role template ID."),
  user: PersonRef.optional().describe("A specific account, for policies that include or exclude users."),
  breakGlass: z.boolean().default(false).describe("The environment's emergency-access account."),
  device: z
    .strictObject({ compliant: z.boolean().default(false), domainJoined: z.boolean().default(false) })
    .default({ compliant: false, domainJoined: false }),
});

export type PersonaSpec = z.infer<typeof Persona>;

// ─── Guardrail policy ────────────────────────────────────────────────────────────────────────────────────

/** Limits of the plan gate per stack; a pull request can only tighten them (see docs/security.md). */
export const PlanGateLimits = z.strictObject({
  maxDeletes: z.number().int().min(0).default(0).describe("Deletions allowed per stack without the allow-destroy label."),
  maxChanges: z.number().int().min(0).default(25).describe("Creations plus updates allowed per stack without the allow-large-change label."),
  maxMembershipRemovals: z.number().int().min(0).default(50).describe("Group membership removals allowed per stack without the allow-large-change label."),
});

export const GuardrailsConfig = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        rule: SuppressionSpec.shape.rule,
        level: z.enum(["error", "warning", "info"]),
        environments: z.array(CatalogId).optional().describe("Only in these environments; default every environment."),
      }),
    )
    .default([]),
  suppressions: z
    .array(SuppressionSpec.extend({ entry: CatalogId.optional().describe("Only findings on this catalog entry (required for rules at error level).") }))
    .default([]),
  suppressionMaxDays: z.number().int().min(1).max(3650).default(365).describe("How far ahead a suppression may expire, in days."),
  planGate: PlanGateLimits.default({ maxDeletes: 0, maxChanges: 25, maxMembershipRemovals: 50 }),
});

// ─── A catalog file ──────────────────────────────────────────────────────────────────────────────────────

/**
 * One YAML file of the catalog. Every section is optional; a catalog is the union of its files.
 */
export const CatalogFile = z
  .strictObject({
    domain: CatalogId.optional().describe(
      "Business domain of this file's groups, roles and catalogs; each domain is its own Terraform stack. Default: shared.",
    ),
    environments: z.array(Environment).optional(),
    administrativeUnits: z.array(AdministrativeUnit).optional(),
    applications: z.array(Application).optional(),
    groups: z.array(Group).optional(),
    accessPackageCatalogs: z.array(AccessPackageCatalog).optional(),
    businessRoles: z.array(BusinessRole).optional(),
    privilegedRoles: z.array(PrivilegedRole).optional(),
    namedLocations: z.array(NamedLocation).optional(),
    authenticationStrengths: z.array(AuthenticationStrength).optional(),
    conditionalAccessPolicies: z.array(ConditionalAccessPolicy).optional(),
    sodRules: z.array(SodRule).optional(),
    // --- access reviews ---
    accessReviews: z.array(AccessReviewDefinition).optional(),
    // --- end access reviews ---
    lifecycleWorkflows: z.array(LifecycleWorkflow).optional(),
    authenticationMethodsPolicies: z
      .array(AuthenticationMethodsPolicy)
      .max(1, { error: "a tenant has one authentication methods policy: declare it once" })
      .optional(),
    directoryRoleSettings: z.array(DirectoryRoleSetting).optional(),
    personas: z.array(Persona).optional(),
    people: PeopleConfig.optional(),
    guardrails: GuardrailsConfig.optional().describe(
      "Organisation policy for the guardrails (only in policies/guardrails.yaml): levels, suppressions and the plan gate's limits.",
    ),
  })
  .describe("An idac catalog file (roles/, policies/ or environments/).");

export type CatalogFile = z.infer<typeof CatalogFile>;
export type EnvironmentSpec = z.infer<typeof Environment>;
export type AdministrativeUnitSpec = z.infer<typeof AdministrativeUnit>;
export type ApplicationSpec = z.infer<typeof Application>;
export type GroupSpec = z.infer<typeof Group>;
export type AccessPackageCatalogSpec = z.infer<typeof AccessPackageCatalog>;
export type BusinessRoleSpec = z.infer<typeof BusinessRole>;
export type RequestAssignmentSpec = z.infer<typeof RequestAssignment>;
export type PrivilegedRoleSpec = z.infer<typeof PrivilegedRole>;
export type NamedLocationSpec = z.infer<typeof NamedLocation>;
export type AuthenticationStrengthSpec = z.infer<typeof AuthenticationStrength>;
export type ConditionalAccessPolicySpec = z.infer<typeof ConditionalAccessPolicy>;
export type SodRuleSpec = z.infer<typeof SodRule>;
export type AccessReviewDefinitionSpec = z.infer<typeof AccessReviewDefinition>;
export type LifecycleWorkflowSpec = z.infer<typeof LifecycleWorkflow>;
export type AuthenticationMethodsPolicySpec = z.infer<typeof AuthenticationMethodsPolicy>;
export type DirectoryRoleSettingSpec = z.infer<typeof DirectoryRoleSetting>;

/** Sections of a catalog file that hold lists of entries with IDs, in a fixed order. */
export const ENTRY_SECTIONS = [
  "environments",
  "administrativeUnits",
  "applications",
  "groups",
  "accessPackageCatalogs",
  "businessRoles",
  "privilegedRoles",
  "namedLocations",
  "authenticationStrengths",
  "conditionalAccessPolicies",
  "sodRules",
  "lifecycleWorkflows",
  "authenticationMethodsPolicies",
  "directoryRoleSettings",
  "personas",
  "accessReviews",
] as const;
export type EntrySection = (typeof ENTRY_SECTIONS)[number];
