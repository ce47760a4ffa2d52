import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { addTo } from "./multimap";

/**
 * Microsoft Graph v1.0 JSON as an export holds it: one or more pages per collection, each `{ value: [...],
 * "@odata.nextLink"?: … }`, in `<dir>/<collection>.json` or `<dir>/<collection>/*.json`. Only the properties idac
 * reads (import, drift, clean-up) are checked; everything else (and every `@odata.*` annotation) is kept as is.
 * @see https://learn.microsoft.com/graph/api/resources/group
 */
const DirectoryObject = z.looseObject({ id: z.string(), "@odata.type": z.string().optional(), displayName: z.string().nullish(), userPrincipalName: z.string().nullish() });

export const GraphUser = z.looseObject({ id: z.string(), userPrincipalName: z.string().nullish(), displayName: z.string().nullish() });

export const GraphGroup = z.looseObject({
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
});

export const GraphServicePrincipal = z.looseObject({
  id: z.string(),
  appId: z.string(),
  displayName: z.string().nullish(),
  appRoles: z.array(z.looseObject({ id: z.string(), value: z.string().nullish(), displayName: z.string().nullish(), isEnabled: z.boolean().nullish() })).nullish().transform((v) => v ?? []),
});

export const GraphAdministrativeUnit = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullish(),
  visibility: z.string().nullish(),
  members: z.array(DirectoryObject).default([]),
});

const StringList = z.array(z.string()).nullish().transform((v) => v ?? []);

export const GraphNamedLocation = z.looseObject({
  "@odata.type": z.string(),
  id: z.string(),
  displayName: z.string(),
  isTrusted: z.boolean().nullish(),
  ipRanges: z.array(z.looseObject({ cidrAddress: z.string() })).nullish(),
  countriesAndRegions: StringList,
  includeUnknownCountriesAndRegions: z.boolean().nullish(),
  countryLookupMethod: z.string().nullish(),
});

export const GraphAuthenticationStrengthPolicy = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullish(),
  policyType: z.string().nullish(),
  allowedCombinations: StringList,
});

export const GraphAccessPackageCatalog = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullish(),
  isExternallyVisible: z.boolean().nullish(),
  state: z.string().nullish(),
  catalogType: z.string().nullish(),
});

export const GraphRoleAssignment = z.looseObject({
  id: z.string(),
  roleDefinitionId: z.string(),
  principalId: z.string(),
  directoryScopeId: z.string().default("/"),
  principal: DirectoryObject.nullish(),
});

export const GraphRoleDefinition = z.looseObject({ id: z.string(), displayName: z.string(), isBuiltIn: z.boolean().nullish(), templateId: z.string().nullish() });

export const GraphRoleAssignmentSchedule = z.looseObject({
  id: z.string(),
  roleDefinitionId: z.string(),
  principalId: z.string(),
  assignmentType: z.string().nullish(),
  memberType: z.string().nullish(),
  scheduleInfo: z.looseObject({ expiration: z.looseObject({ type: z.string().nullish(), endDateTime: z.string().nullish() }).nullish() }).nullish(),
});

const GuestsOrExternalUsers = z.looseObject({ guestOrExternalUserTypes: z.string().nullish(), externalTenants: z.looseObject({ membershipKind: z.string().nullish() }).nullish() }).nullish();

export const GraphConditionalAccessPolicy = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullish(),
  state: z.string(),
  conditions: z.looseObject({
    users: z.looseObject({
      includeUsers: z.array(z.string()).default([]),
      excludeUsers: z.array(z.string()).default([]),
      includeGroups: z.array(z.string()).default([]),
      excludeGroups: z.array(z.string()).default([]),
      includeRoles: z.array(z.string()).default([]),
      excludeRoles: z.array(z.string()).default([]),
      includeGuestsOrExternalUsers: GuestsOrExternalUsers,
      excludeGuestsOrExternalUsers: GuestsOrExternalUsers,
    }),
    applications: z.looseObject({ includeApplications: StringList, excludeApplications: StringList, includeUserActions: StringList }).nullish(),
    clientAppTypes: StringList,
    platforms: z.looseObject({ includePlatforms: StringList, excludePlatforms: StringList }).nullish(),
    locations: z.looseObject({ includeLocations: StringList, excludeLocations: StringList }).nullish(),
    signInRiskLevels: StringList,
    userRiskLevels: StringList,
    authenticationFlows: z.looseObject({ transferMethods: z.string().nullish() }).nullish(),
  }),
  grantControls: z
    .looseObject({ operator: z.string().nullish(), builtInControls: StringList, authenticationStrength: z.looseObject({ id: z.string() }).nullish() })
    .nullish(),
  sessionControls: z
    .looseObject({
      signInFrequency: z.looseObject({ isEnabled: z.boolean().nullish(), value: z.number().nullish(), type: z.string().nullish(), frequencyInterval: z.string().nullish(), authenticationType: z.string().nullish() }).nullish(),
      persistentBrowser: z.looseObject({ isEnabled: z.boolean().nullish(), mode: z.string().nullish() }).nullish(),
      applicationEnforcedRestrictions: z.looseObject({ isEnabled: z.boolean().nullish() }).nullish(),
      cloudAppSecurity: z.looseObject({ isEnabled: z.boolean().nullish(), cloudAppSecurityType: z.string().nullish() }).nullish(),
      disableResilienceDefaults: z.boolean().nullish(),
    })
    .nullish(),
});

const Subject = z.looseObject({ "@odata.type": z.string(), userId: z.string().nullish(), groupId: z.string().nullish(), managerLevel: z.number().nullish() });
const Subjects = z.array(Subject).nullish().transform((v) => v ?? []);

export const GraphAccessPackage = z.looseObject({
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
});

export const GraphAssignmentPolicy = z.looseObject({
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
});

const Page = z.looseObject({ value: z.array(z.unknown()), "@odata.nextLink": z.string().nullish() });

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
} as const;

export type GraphExport = { [K in keyof typeof COLLECTIONS]: z.infer<(typeof COLLECTIONS)[K]>[] };

export class GraphExportError extends Error {}

/** Reads an export folder; a bad file fails with its name and the JSON path of the problem. */
export async function readGraphExport(dir: string): Promise<GraphExport> {
  const out = {} as GraphExport;
  for (const [name, schema] of Object.entries(COLLECTIONS) as [keyof GraphExport, z.ZodType][]) {
    const files: string[] = [];
    const single = path.join(dir, `${name}.json`);
    try {
      await readFile(single);
      files.push(single);
    } catch {
      try {
        for (const f of (await readdir(path.join(dir, name))).filter((x) => x.endsWith(".json")).sort(byPageNumber)) files.push(path.join(dir, name, f));
      } catch {
        /* collection not exported */
      }
    }
    const items: unknown[] = [];
    for (const file of files) items.push(...(await readPage(file, schema)));
    (out as Record<string, unknown[]>)[name] = items;
  }
  // Per-object pages (idac export writes groupMembers/<group id>-<n>.json and the like), since an expansion returns
  // at most 20 items.
  const groupMembers = await pagesByObject(dir, "groupMembers", DirectoryObject);
  const unitMembers = await pagesByObject(dir, "administrativeUnitMembers", DirectoryObject);
  const appRoles = await pagesByObject(dir, "groupAppRoleAssignments", z.looseObject({ id: z.string(), appRoleId: z.string(), resourceId: z.string() }));
  for (const g of out.groups) {
    const members = groupMembers.get(g.id);
    if (members) g.members = members as typeof g.members;
    const assigned = appRoles.get(g.id);
    if (assigned) g.appRoleAssignments = assigned as typeof g.appRoleAssignments;
  }
  for (const u of out.administrativeUnits) {
    const members = unitMembers.get(u.id);
    if (members) u.members = members as typeof u.members;
  }
  await attachPim(dir, out);
  return out;
}

/** The items of one collection page, each checked; a problem names the file and the JSON path. */
async function readPage(file: string, schema: z.ZodType): Promise<unknown[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new GraphExportError(`${file}: not JSON (${(err as Error).message})`);
  }
  const page = Page.safeParse(data);
  if (!page.success) throw new GraphExportError(`${file}: expected a Graph collection page {"value": [...]}`);
  return page.data.value.map((item, i) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new GraphExportError(`${file}: $.value[${i}].${issue.path.join(".")}: ${issue.message}`);
    }
    return parsed.data;
  });
}

/** The items of `<folder>/<object id>-<n>.json` pages, by object ID; empty when the folder was not exported. */
async function pagesByObject(dir: string, folder: string, schema: z.ZodType): Promise<Map<string, unknown[]>> {
  const out = new Map<string, unknown[]>();
  let files: string[] = [];
  try {
    files = (await readdir(path.join(dir, folder))).filter((f) => f.endsWith(".json")).sort(byPageNumber);
  } catch {
    return out; // expanded on the objects, or not exported
  }
  for (const f of files) {
    const m = /^(.+)-\d+\.json$/.exec(f);
    if (m) for (const item of await readPage(path.join(dir, folder, f), schema)) addTo(out, m[1]!, item);
  }
  return out;
}

const Schedule = z.looseObject({
  id: z.string(),
  accessId: z.string(),
  principalId: z.string(),
  memberType: z.string().nullish(),
  assignmentType: z.string().nullish(),
  scheduleInfo: z.looseObject({ expiration: z.looseObject({ type: z.string().nullish(), endDateTime: z.string().nullish(), duration: z.string().nullish() }).nullish() }).nullish(),
});
const PolicyAssignment = z.looseObject({ roleDefinitionId: z.string(), policy: z.looseObject({ id: z.string().nullish(), rules: z.array(z.looseObject({ id: z.string() })).nullish() }).nullish() });

export type GraphSchedule = z.infer<typeof Schedule>;

/**
 * PIM for Groups, attached to each role-assignable group as `pim`: the directory roles assigned to the group (from
 * roleAssignments), its eligibility and assignment schedules (`groupEligibilitySchedules/`,
 * `groupAssignmentSchedules/`) and the rules of its member role's management policy, by rule ID
 * (`groupRoleManagementPolicies/`).
 */
async function attachPim(dir: string, out: GraphExport): Promise<void> {
  const eligibilityOf = await pagesByObject(dir, "groupEligibilitySchedules", Schedule);
  const assignmentsOf = await pagesByObject(dir, "groupAssignmentSchedules", Schedule);
  const policiesOf = await pagesByObject(dir, "groupRoleManagementPolicies", PolicyAssignment);
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

/** page-2.json sorts before page-10.json. */
function byPageNumber(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
