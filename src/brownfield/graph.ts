import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { EXPORT_LIMITS } from "./export";
import { addTo } from "./multimap";
import { readExportFiles, type ExportReadLimits, type FoundObject } from "./private/export-files";
import { objectsOf } from "./private/export-layout";
import { graphContent, readAsIs } from "./private/graph-content";
import { parseJsonBytes } from "./private/json-input";

/**
 * The Microsoft Graph objects idac reads from an export (import, drift, clean-up), v1.0 or beta, as checked after
 * {@link readGraphExport} has taken OData annotations out. Conditional access policies, named locations and
 * authentication strengths are modelled completely: each property is one idac reproduces, or one Entra sets
 * (`serverSet`), and any other non-empty property is recorded (see `unmodelledProperties`). The other collections
 * are read as they are ({@link readAsIs}): idac reads the properties it manages and leaves the others alone.
 * @see https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy
 */
const DirectoryObject = readAsIs(
  z.looseObject({ id: z.string(), "@odata.type": z.string().optional(), displayName: z.string().nullish(), userPrincipalName: z.string().nullish() }),
);

/** A property Entra sets (timestamps, the template a policy came from): known, and never configuration. */
const serverSet = z.unknown().optional();

const GraphUser = readAsIs(z.looseObject({ id: z.string(), userPrincipalName: z.string().nullish(), displayName: z.string().nullish() }));

const GraphGroup = readAsIs(
  z.looseObject({
    id: z.string(),
    displayName: z.string(),
    description: z.string().nullish(),
    mailNickname: z.string().nullish(),
    mailEnabled: z.boolean().nullish(),
    visibility: z.string().nullish(),
    onPremisesSyncEnabled: z.boolean().nullish(),
    securityEnabled: z.boolean().nullish(),
    isAssignableToRole: z.boolean().nullish(),
    groupTypes: z.array(z.string()).default([]),
    membershipRule: z.string().nullish(),
    owners: z.array(DirectoryObject).default([]),
    members: z.array(DirectoryObject).default([]),
    /** From `groupAppRoleAssignments/<group id>-<n>.json` pages. */
    appRoleAssignments: z.array(z.looseObject({ id: z.string(), appRoleId: z.string(), resourceId: z.string() })).default([]),
  }),
);

const GraphServicePrincipal = readAsIs(
  z.looseObject({
    id: z.string(),
    appId: z.string(),
    displayName: z.string().nullish(),
    appRoles: z
      .array(z.looseObject({ id: z.string(), value: z.string().nullish(), displayName: z.string().nullish(), isEnabled: z.boolean().nullish() }))
      .nullish()
      .transform((v) => v ?? []),
  }),
);

const GraphAdministrativeUnit = readAsIs(
  z.looseObject({
    id: z.string(),
    displayName: z.string(),
    description: z.string().nullish(),
    visibility: z.string().nullish(),
    members: z.array(DirectoryObject).default([]),
  }),
);

const StringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

const GraphNamedLocation = z.looseObject({
  "@odata.type": z.string(),
  id: z.string(),
  displayName: z.string(),
  createdDateTime: serverSet,
  modifiedDateTime: serverSet,
  isTrusted: z.boolean().nullish(),
  ipRanges: z.array(z.looseObject({ "@odata.type": z.string().nullish(), cidrAddress: z.string() })).nullish(),
  countriesAndRegions: StringList,
  includeUnknownCountriesAndRegions: z.boolean().nullish(),
  countryLookupMethod: z.string().nullish(),
});

const GraphAuthenticationStrengthPolicy = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullish(),
  policyType: z.string().nullish(),
  allowedCombinations: StringList,
  createdDateTime: serverSet,
  modifiedDateTime: serverSet,
  /** What the strength satisfies (`mfa`), derived by Entra from the combinations. */
  requirementsSatisfied: serverSet,
});

const GraphAccessPackageCatalog = readAsIs(
  z.looseObject({
    id: z.string(),
    displayName: z.string(),
    description: z.string().nullish(),
    isExternallyVisible: z.boolean().nullish(),
    state: z.string().nullish(),
    catalogType: z.string().nullish(),
  }),
);

const GraphRoleAssignment = readAsIs(
  z.looseObject({
    id: z.string(),
    roleDefinitionId: z.string(),
    principalId: z.string(),
    directoryScopeId: z.string().default("/"),
    principal: DirectoryObject.nullish(),
  }),
);

const GraphRoleDefinition = readAsIs(
  z.looseObject({ id: z.string(), displayName: z.string(), isBuiltIn: z.boolean().nullish(), templateId: z.string().nullish() }),
);

const GraphRoleAssignmentSchedule = readAsIs(
  z.looseObject({
    id: z.string(),
    roleDefinitionId: z.string(),
    principalId: z.string(),
    assignmentType: z.string().nullish(),
    memberType: z.string().nullish(),
    scheduleInfo: z.looseObject({ expiration: z.looseObject({ type: z.string().nullish(), endDateTime: z.string().nullish() }).nullish() }).nullish(),
  }),
);

const GuestsOrExternalUsers = z
  .looseObject({
    guestOrExternalUserTypes: z.string().nullish(),
    externalTenants: z.looseObject({ "@odata.type": z.string().optional(), membershipKind: z.string().nullish(), members: StringList.optional() }).nullish(),
  })
  .nullish();

/** A device or service principal filter of a policy. */
const ConditionalAccessFilter = z.looseObject({ mode: z.string().nullish(), rule: z.string().nullish() }).nullish();

const NO_USERS = { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] };

/**
 * A conditional access policy: every property azuread 3.7.0 can set is read (anything else a policy holds is kept
 * as it is and compared too, so an import never drops it silently).
 * @see https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy
 */
export const GraphConditionalAccessPolicy = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullish(),
  state: z.string(),
  createdDateTime: serverSet,
  modifiedDateTime: serverSet,
  templateId: serverSet,
  conditions: z.looseObject({
    // A policy for workload identities only may come without users.
    users: z
      .looseObject({
        includeUsers: z.array(z.string()).default([]),
        excludeUsers: z.array(z.string()).default([]),
        includeGroups: z.array(z.string()).default([]),
        excludeGroups: z.array(z.string()).default([]),
        includeRoles: z.array(z.string()).default([]),
        excludeRoles: z.array(z.string()).default([]),
        includeGuestsOrExternalUsers: GuestsOrExternalUsers,
        excludeGuestsOrExternalUsers: GuestsOrExternalUsers,
      })
      .nullish()
      .transform((v) => v ?? { ...NO_USERS }),
    applications: z.looseObject({ includeApplications: StringList, excludeApplications: StringList, includeUserActions: StringList }).nullish(),
    clientApplications: z
      .looseObject({ includeServicePrincipals: StringList, excludeServicePrincipals: StringList, servicePrincipalFilter: ConditionalAccessFilter })
      .nullish(),
    clientAppTypes: StringList,
    devices: z.looseObject({ deviceFilter: ConditionalAccessFilter }).nullish(),
    platforms: z.looseObject({ includePlatforms: StringList, excludePlatforms: StringList }).nullish(),
    locations: z.looseObject({ includeLocations: StringList, excludeLocations: StringList }).nullish(),
    signInRiskLevels: StringList,
    userRiskLevels: StringList,
    servicePrincipalRiskLevels: StringList,
    /** A set written as one comma-separated string (Graph flags enum), e.g. "minor,moderate". */
    insiderRiskLevels: z.string().nullish(),
    authenticationFlows: z.looseObject({ transferMethods: z.string().nullish() }).nullish(),
  }),
  grantControls: z
    // authenticationStrength is the referenced strength, expanded: only its ID says what the policy requires.
    .looseObject({
      operator: z.string().nullish(),
      builtInControls: StringList,
      authenticationStrength: readAsIs(z.looseObject({ id: z.string() })).nullish(),
      termsOfUse: StringList,
      customAuthenticationFactors: StringList,
    })
    .nullish(),
  sessionControls: z
    .looseObject({
      signInFrequency: z
        .looseObject({
          isEnabled: z.boolean().nullish(),
          value: z.number().nullish(),
          type: z.string().nullish(),
          frequencyInterval: z.string().nullish(),
          authenticationType: z.string().nullish(),
        })
        .nullish(),
      persistentBrowser: z.looseObject({ isEnabled: z.boolean().nullish(), mode: z.string().nullish() }).nullish(),
      applicationEnforcedRestrictions: z.looseObject({ isEnabled: z.boolean().nullish() }).nullish(),
      cloudAppSecurity: z.looseObject({ isEnabled: z.boolean().nullish(), cloudAppSecurityType: z.string().nullish() }).nullish(),
      disableResilienceDefaults: z.boolean().nullish(),
    })
    .nullish(),
});

const Subject = z.looseObject({ "@odata.type": z.string(), userId: z.string().nullish(), groupId: z.string().nullish(), managerLevel: z.number().nullish() });
const Subjects = z
  .array(Subject)
  .nullish()
  .transform((v) => v ?? []);

const GraphAccessPackage = readAsIs(
  z.looseObject({
    id: z.string(),
    displayName: z.string(),
    description: z.string().nullish(),
    isHidden: z.boolean().nullish(),
    catalog: z.looseObject({ id: z.string() }).nullish(),
    resourceRoleScopes: z
      .array(
        z.looseObject({
          id: z.string().nullish(),
          role: z.looseObject({ id: z.string().nullish(), originId: z.string().nullish(), originSystem: z.string().nullish() }).nullish(),
          scope: z.looseObject({ id: z.string().nullish(), originId: z.string().nullish(), originSystem: z.string().nullish() }).nullish(),
        }),
      )
      .nullish()
      .transform((v) => v ?? []),
  }),
);

const GraphAssignmentPolicy = readAsIs(
  z.looseObject({
    id: z.string(),
    displayName: z.string().nullish(),
    description: z.string().nullish(),
    accessPackage: z.looseObject({ id: z.string() }).nullish(),
    allowedTargetScope: z.string().nullish(),
    specificAllowedTargets: Subjects,
    automaticRequestSettings: z.looseObject({}).nullish(),
    expiration: z.looseObject({ type: z.string().nullish(), duration: z.string().nullish(), endDateTime: z.string().nullish() }).nullish(),
    requestorSettings: z.looseObject({ enableTargetsToSelfAddAccess: z.boolean().nullish(), enableTargetsToSelfUpdateAccess: z.boolean().nullish() }).nullish(),
    requestApprovalSettings: z
      .looseObject({
        isApprovalRequiredForAdd: z.boolean().nullish(),
        isRequestorJustificationRequired: z.boolean().nullish(),
        stages: z
          .array(
            z.looseObject({
              durationBeforeAutomaticDenial: z.string().nullish(),
              isApproverJustificationRequired: z.boolean().nullish(),
              isEscalationEnabled: z.boolean().nullish(),
              durationBeforeEscalation: z.string().nullish(),
              primaryApprovers: Subjects,
              fallbackPrimaryApprovers: Subjects,
              escalationApprovers: Subjects,
            }),
          )
          .nullish()
          .transform((v) => v ?? []),
      })
      .nullish(),
    reviewSettings: z
      .looseObject({
        isEnabled: z.boolean().nullish(),
        expirationBehavior: z.string().nullish(),
        isRecommendationEnabled: z.boolean().nullish(),
        isReviewerJustificationRequired: z.boolean().nullish(),
        isSelfReview: z.boolean().nullish(),
        primaryReviewers: Subjects,
        schedule: z
          .looseObject({
            startDateTime: z.string().nullish(),
            expiration: z.looseObject({ duration: z.string().nullish() }).nullish(),
            recurrence: z.looseObject({ pattern: z.looseObject({ type: z.string().nullish(), interval: z.number().nullish() }).nullish() }).nullish(),
          })
          .nullish(),
      })
      .nullish(),
  }),
);

// --- access reviews ---
/** An access review definition, read as it is: the drift comparison and the importer read the properties idac sets. */
const GraphAccessReviewDefinition = readAsIs(
  z.looseObject({
    id: z.string(),
    displayName: z.string().nullish(),
    scope: z.looseObject({}).nullish(),
    settings: z.looseObject({}).nullish(),
  }),
);
// --- end access reviews ---

// --- lifecycle workflows, authentication methods, directory role settings ---
/** A lifecycle workflow with its tasks (`$expand=tasks`), read as it is: the importer and drift read what idac sets. */
const GraphLifecycleWorkflow = readAsIs(
  z.looseObject({
    id: z.string(),
    displayName: z.string().nullish(),
    category: z.string().nullish(),
    executionConditions: z.looseObject({}).nullish(),
    tasks: z.array(z.looseObject({ taskDefinitionId: z.string() })).nullish(),
  }),
);
/** The tenant's one authentication methods policy, with its method configurations, read as it is. */
const GraphAuthenticationMethodsPolicy = readAsIs(
  z.looseObject({
    id: z.string(),
    authenticationMethodConfigurations: z.array(z.looseObject({ id: z.string() })).nullish(),
  }),
);
/** A directory role's PIM policy assignment at the tenant scope, with the policy and its rules, read as it is. */
const GraphDirectoryRolePolicy = readAsIs(
  z.looseObject({
    id: z.string(),
    roleDefinitionId: z.string(),
    policy: z.looseObject({ id: z.string().nullish(), rules: z.array(z.looseObject({ id: z.string() })).nullish() }).nullish(),
  }),
);
// --- end lifecycle workflows, authentication methods, directory role settings ---

export const COLLECTIONS = {
  users: GraphUser,
  servicePrincipals: GraphServicePrincipal,
  administrativeUnits: GraphAdministrativeUnit,
  groups: GraphGroup,
  namedLocations: GraphNamedLocation,
  authenticationStrengthPolicies: GraphAuthenticationStrengthPolicy,
  accessPackageCatalogs: GraphAccessPackageCatalog,
  roleAssignments: GraphRoleAssignment,
  roleDefinitions: GraphRoleDefinition,
  roleAssignmentSchedules: GraphRoleAssignmentSchedule,
  /** Directory roles people are eligible for directly (PIM for roles, not through a group). */
  roleEligibilitySchedules: GraphRoleAssignmentSchedule,
  conditionalAccessPolicies: GraphConditionalAccessPolicy,
  accessPackages: GraphAccessPackage,
  assignmentPolicies: GraphAssignmentPolicy,
  // --- access reviews ---
  accessReviewDefinitions: GraphAccessReviewDefinition,
  // --- end access reviews ---
  // --- lifecycle workflows, authentication methods, directory role settings ---
  lifecycleWorkflows: GraphLifecycleWorkflow,
  authenticationMethodsPolicies: GraphAuthenticationMethodsPolicy,
  /** PIM policies of directory roles (tenant scope), with their rules. */
  directoryRolePolicies: GraphDirectoryRolePolicy,
  // --- end lifecycle workflows, authentication methods, directory role settings ---
} as const;

export type GraphExport = { [K in keyof typeof COLLECTIONS]: z.infer<(typeof COLLECTIONS)[K]>[] };

const Schedule = readAsIs(
  z.looseObject({
    id: z.string(),
    accessId: z.string(),
    principalId: z.string(),
    memberType: z.string().nullish(),
    assignmentType: z.string().nullish(),
    scheduleInfo: z
      .looseObject({ expiration: z.looseObject({ type: z.string().nullish(), endDateTime: z.string().nullish(), duration: z.string().nullish() }).nullish() })
      .nullish(),
  }),
);
/** A role management policy assignment with its policy and rules, read as they are (the importer reads each rule). */
const PolicyAssignment = readAsIs(
  z.looseObject({
    roleDefinitionId: z.string(),
    policy: z.looseObject({ id: z.string().nullish(), rules: z.array(z.looseObject({ id: z.string() })).nullish() }).nullish(),
  }),
);

/** Folders of pages fetched per object (`<folder>/<object id>-<n>.json`), with the schema of their items. */
const PER_OBJECT = {
  groupMembers: DirectoryObject,
  administrativeUnitMembers: DirectoryObject,
  groupAppRoleAssignments: readAsIs(z.looseObject({ id: z.string(), appRoleId: z.string(), resourceId: z.string() })),
  groupEligibilitySchedules: Schedule,
  groupAssignmentSchedules: Schedule,
  groupRoleManagementPolicies: PolicyAssignment,
} as const;

export const READ_LIMITS: ExportReadLimits = { maxFileBytes: 256 * 1024 * 1024, maxJsonDepth: EXPORT_LIMITS.maxJsonDepth, maxFiles: 500_000 };

/** An export that cannot be read: what is wrong with the folder, each file or object at fault, and how to fix it. */
export class GraphExportError extends Error {
  constructor(
    readonly dir: string,
    /** What is wrong with the folder as a whole, after its name ("no such folder"). */
    readonly summary: string,
    /** `<file>: <why>`, each file or object at fault (at most {@link MAX_LISTED}, then how many more). */
    readonly problems: readonly string[],
    readonly hint: string,
  ) {
    super([`${dir}: ${summary}`, ...problems.map((p) => `  ${p}`), `  hint: ${hint}`].join("\n"));
  }
}

const MAX_LISTED = 25;

/** What an export folder holds, for the hint of every refusal. */
export const EXPORT_LAYOUT_HINT =
  `Pass the folder of a Microsoft Graph export (v1.0 or ` +
  `beta): what idac export writes, or Graph JSON files - collection pages {"value": [...]}, ` +
  `JSON arrays of objects, or single objects one per file - in folders or files named after ` +
  `their collection (${Object.keys(COLLECTIONS).join(", ")}) or anywhere, recognised by ` +
  `their @odata.type, @odata.context or properties (see docs/adoption.md).`;

const unmodelled = new WeakMap<object, readonly string[]>();

/**
 * The JSON paths of the non-empty properties of an exported object that idac does not model
 * (`conditions.devices.deviceFilter`, `sessionControls.continuousAccessEvaluation`), sorted: an object holding any
 * cannot be reproduced exactly, so it is listed as not imported naming them. Empty for objects read as they are, and
 * for objects that did not come from {@link readGraphExport}.
 */
export function unmodelledProperties(object: object): readonly string[] {
  return unmodelled.get(object) ?? [];
}

/**
 * Reads an export folder, whatever wrote it: `idac export`, PowerShell (UTF-16 with a byte order mark, one object
 * per file) or a hand-made copy of Graph responses, from the v1.0 or the beta endpoint. Each object's OData
 * annotations are taken out before it is checked or compared ({@link graphContent}), and what idac does not model
 * is recorded ({@link unmodelledProperties}). A folder that does not exist, is not a folder or holds no collection
 * idac reads, and any file or object that cannot be read or placed, fails the whole read with every problem listed
 * (fail closed: an export missing objects would adopt or compare a tenant that is not there).
 */
export async function readGraphExport(dir: string, options: { readonly limits?: Partial<ExportReadLimits> } = {}): Promise<GraphExport> {
  const limits = { ...READ_LIMITS, ...options.limits };
  const refuse = (summary: string, problems: readonly string[] = []) =>
    new GraphExportError(
      dir,
      summary,
      problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`] : problems,
      EXPORT_LAYOUT_HINT,
    );
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw refuse("no such folder");
  if (!info.isDirectory()) throw refuse("it is a file, not an export folder");
  const found = await readExportFiles(dir, await realpath(dir), { collections: Object.keys(COLLECTIONS), perObjectFolders: Object.keys(PER_OBJECT) }, limits);
  const problems = [...found.problems];
  const out = {} as Record<string, unknown[]>;
  for (const [name, schema] of Object.entries(COLLECTIONS) as [string, z.ZodType][]) {
    const seen = new Map<string, string>();
    out[name] = checked(found.collections.get(name) ?? [], schema, problems, (o, item) => {
      const id = String((o as { id: unknown }).id).toLowerCase();
      const first = seen.get(id);
      if (first !== undefined) problems.push(`${item.file}: ${item.at}: ${name} object ${id} is in ${first} too`);
      seen.set(id, item.file);
      return first === undefined;
    });
  }
  const pages = new Map<string, Map<string, unknown[]>>();
  for (const [folder, schema] of Object.entries(PER_OBJECT) as [string, z.ZodType][]) {
    pages.set(
      folder,
      new Map([...(found.perObject.get(folder) ?? new Map<string, FoundObject[]>())].map(([id, items]) => [id, checked(items, schema, problems)])),
    );
  }
  if (!found.recognisedFiles)
    throw refuse(
      found.jsonFiles ? `none of its ${found.jsonFiles} JSON file(s) holds a Microsoft Graph collection idac reads` : "it holds no JSON file",
      problems,
    );
  if (problems.length) throw refuse(`${problems.length} problem(s) in the export, so nothing was read from it`, problems);
  return attach(out as GraphExport, pages);
}

/**
 * Reads one file of Microsoft Graph users (a collection page, a JSON array or one object; UTF-8 or UTF-16 with a
 * byte order mark), decoded, bounded and with annotations taken out as {@link readGraphExport} reads an export's
 * files. Every object that is not a user is a problem, and so is a page that says another follows; any problem fails
 * the whole read with every problem listed.
 */
export async function readGraphUsersFile(file: string, options: { readonly limits?: Partial<ExportReadLimits> } = {}): Promise<GraphExport["users"]> {
  const limits = { ...READ_LIMITS, ...options.limits };
  const refuse = (summary: string, problems: readonly string[] = []) =>
    new GraphExportError(
      file,
      summary,
      problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`] : problems,
      "Pass a file of Microsoft Graph users (GET /users, every page) or the folder of a Graph export (idac export).",
    );
  const info = await stat(file).catch(() => undefined);
  if (!info) throw refuse("no such file");
  if (info.size > limits.maxFileBytes) throw refuse(`is ${info.size} bytes; a file of users may hold at most ${limits.maxFileBytes} bytes`);
  const read = parseJsonBytes(await readFile(file), limits.maxJsonDepth);
  if ("problem" in read) throw refuse(read.problem);
  const found = objectsOf(read.data);
  if ("problem" in found) throw refuse(found.problem);
  const problems: string[] = [];
  if (found.continues) problems.push("(file): has @odata.nextLink: the users are cut short (put every page into a folder users/ instead)");
  if (found.context !== undefined && found.context !== "users") problems.push(`(file): its @odata.context names ${found.context}, not users`);
  const items = found.objects.map((o) => ({ file: path.basename(file), at: o.at, object: o.object }));
  for (const { at, object } of items) {
    const type = object["@odata.type"];
    if (type !== undefined && type !== "#microsoft.graph.user") problems.push(`${at}: is ${String(type)}, not a user`);
  }
  const users = checked(items, GraphUser, problems);
  if (problems.length) throw refuse(`${problems.length} problem(s) in the file, so nothing was read from it`, problems);
  return users as GraphExport["users"];
}

/** The objects that pass their schema, their content read first ({@link graphContent}); the others are problems. */
function checked(
  items: readonly FoundObject[],
  schema: z.ZodType,
  problems: string[],
  keep: (o: object, item: FoundObject) => boolean = () => true,
): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    const content = graphContent(item.object, schema);
    const parsed = schema.safeParse(content.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(`${item.file}: ${item.at}${issue.path.length ? `.${issue.path.join(".")}` : ""}: ${issue.message}`);
      continue;
    }
    const o = parsed.data as object;
    if (!keep(o, item)) continue;
    if (content.unmodelled.length) unmodelled.set(o, content.unmodelled);
    out.push(o);
  }
  return out;
}

/** Per-object pages attached to their objects: members and app roles of groups and units, and PIM for Groups. */
function attach(out: GraphExport, pages: ReadonlyMap<string, ReadonlyMap<string, unknown[]>>): GraphExport {
  const of = (folder: string) => pages.get(folder)!;
  for (const g of out.groups) {
    const members = of("groupMembers").get(g.id);
    if (members) g.members = members as typeof g.members;
    const assigned = of("groupAppRoleAssignments").get(g.id);
    if (assigned) g.appRoleAssignments = assigned as typeof g.appRoleAssignments;
  }
  for (const u of out.administrativeUnits) {
    const members = of("administrativeUnitMembers").get(u.id);
    if (members) u.members = members as typeof u.members;
  }
  attachPim(out, of("groupEligibilitySchedules"), of("groupAssignmentSchedules"), of("groupRoleManagementPolicies"));
  return out;
}

export type GraphSchedule = z.infer<typeof Schedule>;

/**
 * PIM for Groups, attached to each role-assignable group as `pim`: the directory roles assigned to the group (from
 * roleAssignments), its eligibility and assignment schedules (`groupEligibilitySchedules/`,
 * `groupAssignmentSchedules/`) and the rules of its member role's management policy, by rule ID
 * (`groupRoleManagementPolicies/`).
 */
function attachPim(
  out: GraphExport,
  eligibilityOf: ReadonlyMap<string, unknown[]>,
  assignmentsOf: ReadonlyMap<string, unknown[]>,
  policiesOf: ReadonlyMap<string, unknown[]>,
): void {
  const assignedTo = new Map<string, GraphExport["roleAssignments"]>();
  for (const a of out.roleAssignments) addTo(assignedTo, a.principalId.toLowerCase(), a);
  for (const g of out.groups as (GraphExport["groups"][number] & Record<string, unknown>)[]) {
    const roleAssignments = assignedTo.get(g.id.toLowerCase()) ?? [];
    const eligibility = (eligibilityOf.get(g.id) ?? []) as GraphSchedule[];
    const assignments = (assignmentsOf.get(g.id) ?? []) as GraphSchedule[];
    const policies = (policiesOf.get(g.id) ?? []) as z.infer<typeof PolicyAssignment>[];
    if (!g.isAssignableToRole && !roleAssignments.length && !eligibility.length) continue;
    const member = policies.find((p) => p.roleDefinitionId === "member");
    g.pim = {
      roleAssignments: roleAssignments.map((a) => ({ id: a.id, roleDefinitionId: a.roleDefinitionId, directoryScopeId: a.directoryScopeId })),
      eligibilitySchedules: eligibility,
      assignmentSchedules: assignments,
      rules: Object.fromEntries((member?.policy?.rules ?? []).map((r) => [r.id, r])),
    };
  }
}
