import { createHash } from "node:crypto";
import type * as Graph from "@microsoft/microsoft-graph-types";
import { BUILT_IN_STRENGTH_GUIDS, caApplicationKeyword, CA_STATE, CA_USER_ACTIONS, isoHours, PIM_ACTIVE_ASSIGNMENT_MAXIMUM, ROLE_GROUP_PREFIX } from "../model/graph-values";
import { pimAdoption, roleAdoption } from "../model/adoption";
import { breakGlassExclusions, includesSomebody } from "../model/ca-targeting";
import { findDirectoryRole } from "../model/directory-roles";
import { environmentView, type EnvironmentView } from "../model/environment";
import { byId, type Catalog, type ConditionalAccessPolicy } from "../model/model";
import { groupMailNickname, pimGroupMailNickname, roleGroupMailNickname } from "../resolve/resolve";
import type { RequestAssignmentSpec } from "../schema/catalog";
import { GUID_RE } from "../schema/primitives";

/**
 * The directory objects a catalog gives one environment, shaped as Microsoft Graph v1.0 returns them: what an
 * `idac export` of that tenant holds once Terraform has applied the catalog. `idac drift` compares it with a real
 * export; the bundled example's Graph fixture is written from it.
 *
 * Objects that do not exist yet have no object ID, so each gets a stable stand-in derived from its catalog address
 * (`objectId`); comparisons never use object IDs, only what they point at. People keep the object ID they are
 * given, or a stand-in derived from their UPN. Catalog-only metadata (sensitivity, SoD rules, personas, owners of
 * business roles beyond their group) has no Graph counterpart and is not part of the tenant.
 */
export interface TenantObjects {
  readonly users: Graph.User[];
  /** The enterprise applications the catalog declares (idac never creates them; they are looked up). */
  readonly servicePrincipals: Graph.ServicePrincipal[];
  readonly administrativeUnits: (Graph.AdministrativeUnit & { members: { id: string }[] })[];
  /**
   * `members` only where idac manages the membership (assigned groups with `managed: true`). Role groups carry
   * `memberOf` (the groups the role grants; an export derives it from the members of every group) and their
   * `appRoleAssignments`.
   */
  readonly groups: (Graph.Group & {
    owners: Graph.DirectoryObject[];
    members?: Graph.DirectoryObject[];
    memberOf?: Graph.DirectoryObject[];
    appRoleAssignments?: Graph.AppRoleAssignment[];
    pim?: PimSettings;
  })[];
  readonly namedLocations: Graph.NamedLocation[];
  readonly authenticationStrengthPolicies: Graph.AuthenticationStrengthPolicy[];
  readonly conditionalAccessPolicies: Graph.ConditionalAccessPolicy[];
  readonly accessPackageCatalogs: Graph.AccessPackageCatalog[];
  /** Requestable business roles' packages, each with the role group as its one resource role scope. */
  readonly accessPackages: Graph.AccessPackage[];
  readonly assignmentPolicies: Graph.AccessPackageAssignmentPolicy[];
}

/**
 * What PIM holds about a role-assignable group, gathered from several Graph collections (an export attaches the
 * same to each such group): the directory roles assigned to it, its members' eligibility and active assignment
 * schedules, and the rules of its member role's management policy, by rule ID.
 */
export interface PimSettings {
  readonly roleAssignments: { roleDefinitionId: string; directoryScopeId: string }[];
  readonly eligibilitySchedules: { accessId: string; memberType?: string; principalId: string; scheduleInfo: { expiration: Record<string, unknown> } }[];
  readonly assignmentSchedules: { accessId: string; memberType?: string; assignmentType: string; principalId: string; scheduleInfo: { expiration: Record<string, unknown> } }[];
  readonly rules: Record<string, Record<string, unknown>>;
}

/** A stable stand-in object ID for an object that exists only in the catalog (same input, same GUID). */
export function objectId(kind: string, key: string): string {
  const h = createHash("sha256").update(`idac:${kind}:${key}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const sorted = <T extends string>(values: readonly T[]): T[] => [...new Set(values)].sort();

/** Object IDs of a catalog's objects: the adopted object's (importFrom) where there is one, else a stand-in. */
export type ObjectIds = (kind: string, catalogId: string) => string;

export function objectIds(catalog: Catalog): ObjectIds {
  const adopted = new Map<string, string>();
  const add = (kind: string, id: string, from: unknown) => typeof from === "string" && adopted.set(`${kind}:${id}`, from.toLowerCase());
  for (const e of catalog.groups) add("group", e.id, e.spec.importFrom);
  for (const e of catalog.administrativeUnits) add("administrativeUnit", e.id, e.spec.importFrom);
  for (const e of catalog.namedLocations) add("namedLocation", e.id, e.spec.importFrom);
  for (const e of catalog.authenticationStrengths) add("authenticationStrength", e.id, e.spec.importFrom);
  for (const e of catalog.accessPackageCatalogs) add("accessPackageCatalog", e.id, e.spec.importFrom);
  for (const e of catalog.conditionalAccessPolicies) add("conditionalAccessPolicy", e.id, e.spec.importFrom);
  for (const e of catalog.businessRoles) {
    const from = roleAdoption(e.spec);
    add("roleGroup", e.id, from?.group);
    add("accessPackage", e.id, from?.accessPackage);
    add("assignmentPolicy", e.id, from?.assignmentPolicy);
  }
  for (const e of catalog.privilegedRoles) add("pimGroup", e.id, pimAdoption(e.spec)?.group);
  return (kind, id) => adopted.get(`${kind}:${id}`) ?? objectId(kind, id);
}

export function expectedTenant(catalog: Catalog, environmentId: string): TenantObjects {
  const view = environmentView(catalog, environmentId);
  const oid = objectIds(catalog);
  const users = new Map<string, Graph.User>();
  const user = (ref: string): Graph.DirectoryObject => {
    const person = view.person(ref);
    if (GUID_RE.test(person)) return { "@odata.type": "#microsoft.graph.user", id: person } as Graph.DirectoryObject;
    const u = users.get(person) ?? { id: objectId("user", person), userPrincipalName: person };
    users.set(person, u);
    return { "@odata.type": "#microsoft.graph.user", id: u.id, userPrincipalName: person } as Graph.DirectoryObject;
  };
  const people = (refs: readonly string[]) => [...new Map(refs.map((r) => user(r)).map((u) => [u.id!, u])).values()].sort(byObjectId);
  const groupRef = (kind: "group" | "roleGroup" | "pimGroup", id: string) => ({ "@odata.type": "#microsoft.graph.group", id: oid(kind, id) }) as Graph.DirectoryObject;

  const groups: TenantObjects["groups"] = [];
  const base = (displayName: string, description: string | undefined, mailNickname: string) => ({
    displayName: view.displayName(displayName),
    description: description ?? null,
    securityEnabled: true,
    mailEnabled: false,
    mailNickname,
  });
  for (const g of catalog.groups) {
    const m = g.spec.membership;
    groups.push({
      id: oid("group", g.id),
      ...base(g.spec.displayName, g.spec.description, groupMailNickname(g.spec)),
      isAssignableToRole: g.spec.assignableToRole,
      visibility: g.spec.visibility,
      groupTypes: m.type === "dynamic" ? ["DynamicMembership"] : [],
      membershipRule: g.membershipRule ?? null,
      membershipRuleProcessingState: m.type === "dynamic" ? "On" : null,
      owners: people(g.spec.owners),
      // Members are the tenant's business only for groups idac manages the membership of.
      ...(m.type === "assigned" && m.managed ? { members: [...people(m.members), ...g.grantedByRoles.map((r) => groupRef("roleGroup", r))].sort(byObjectId) } : {}),
    });
  }
  for (const r of catalog.businessRoles.filter((x) => x.hasRoleGroup)) {
    const birthright = r.spec.assignment?.type === "birthright";
    groups.push({
      id: oid("roleGroup", r.id),
      ...base(`${ROLE_GROUP_PREFIX}${r.spec.displayName}`, r.spec.description, roleGroupMailNickname(r.spec)),
      isAssignableToRole: false,
      visibility: "Private",
      groupTypes: birthright ? ["DynamicMembership"] : [],
      membershipRule: r.membershipRule ?? null,
      membershipRuleProcessingState: birthright ? "On" : null,
      owners: people(r.spec.owners),
      memberOf: r.effectiveGroups.map((g) => groupRef("group", g)).sort(byObjectId),
      appRoleAssignments: r.effectiveAppRoles
        .map((a) => ({ id: oid("appRoleAssignment", `${r.id}/${a.application}/${a.appRole}`), appRoleId: a.appRoleId, principalId: oid("roleGroup", r.id), principalType: "Group", resourceId: oid("servicePrincipal", a.application) }))
        .sort(byObjectId),
    });
  }
  for (const p of catalog.privilegedRoles) {
    const a = p.spec.activation;
    const expiration = (x: { expires?: string | undefined; durationDays?: number | undefined; permanent?: true | undefined }) =>
      x.permanent ? { type: "noExpiration" } : x.expires ? { type: "afterDateTime", endDateTime: `${x.expires}T00:00:00Z` } : { type: "afterDuration", duration: `P${x.durationDays}D` };
    groups.push({
      id: oid("pimGroup", p.id),
      ...base(p.spec.group.displayName, p.spec.group.description, pimGroupMailNickname(p.spec)),
      isAssignableToRole: true,
      visibility: "Private",
      groupTypes: [],
      membershipRule: null,
      membershipRuleProcessingState: null,
      owners: people(p.spec.group.owners),
      pim: {
        roleAssignments: [{ roleDefinitionId: p.directoryRoleTemplateId, directoryScopeId: p.spec.administrativeUnit ? `/administrativeUnits/${oid("administrativeUnit", p.spec.administrativeUnit)}` : "/" }],
        eligibilitySchedules: p.spec.eligible.map((e) => ({ accessId: "member", memberType: "direct", principalId: user(e.principal).id!, scheduleInfo: { expiration: expiration(e) } })),
        assignmentSchedules: p.spec.active.map((x) => ({ accessId: "member", memberType: "direct", assignmentType: "assigned", principalId: user(x.principal).id!, scheduleInfo: { expiration: expiration(x) } })),
        // The member role's policy: the rules idac sets (Entra keeps the notification rules and others as they are).
        rules: {
          Expiration_EndUser_Assignment: { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", isExpirationRequired: true, maximumDuration: isoHours(a.maxDurationHours) },
          Enablement_EndUser_Assignment: {
            "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
            enabledRules: [...(a.requireJustification ? ["Justification"] : []), ...(a.requireMfa ? ["MultiFactorAuthentication"] : []), ...(a.requireTicket ? ["Ticketing"] : [])],
          },
          Approval_EndUser_Assignment: {
            "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
            setting: { isApprovalRequired: (a.approvers?.length ?? 0) > 0, approvalStages: a.approvers?.length ? [{ primaryApprovers: sorted(a.approvers).map((r) => subjectSet(r, user, oid)) }] : [] },
          },
          Expiration_Admin_Eligibility: { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", isExpirationRequired: true, maximumDuration: `P${p.spec.eligibilityMaxDays}D` },
          Expiration_Admin_Assignment: { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", isExpirationRequired: true, maximumDuration: PIM_ACTIVE_ASSIGNMENT_MAXIMUM },
          Enablement_Admin_Assignment: { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", enabledRules: ["Justification", "MultiFactorAuthentication"] },
        },
      },
    });
  }

  const administrativeUnits = catalog.administrativeUnits.map((u) => ({
    id: oid("administrativeUnit", u.id),
    displayName: view.displayName(u.spec.displayName),
    description: u.spec.description ?? null,
    visibility: u.spec.hiddenMembership ? "HiddenMembership" : null,
    members: catalog.groups.filter((g) => g.spec.administrativeUnit === u.id).map((g) => ({ "@odata.type": "#microsoft.graph.group", id: oid("group", g.id) })).sort(byObjectId),
  }));

  const namedLocations: Graph.NamedLocation[] = catalog.namedLocations.map((l) => {
    const common = { id: oid("namedLocation", l.id), displayName: view.displayName(l.spec.displayName) };
    if (l.spec.ip) {
      return {
        "@odata.type": "#microsoft.graph.ipNamedLocation",
        ...common,
        isTrusted: l.spec.ip.trusted,
        ipRanges: sorted(l.spec.ip.ranges).map((cidrAddress) => ({ "@odata.type": cidrAddress.includes(":") ? "#microsoft.graph.iPv6CidrRange" : "#microsoft.graph.iPv4CidrRange", cidrAddress })),
      } as Graph.IpNamedLocation;
    }
    const c = l.spec.countries!;
    return {
      "@odata.type": "#microsoft.graph.countryNamedLocation",
      ...common,
      countriesAndRegions: sorted(c.codes),
      includeUnknownCountriesAndRegions: c.includeUnknown,
      countryLookupMethod: c.lookup,
    } as Graph.CountryNamedLocation;
  });

  const authenticationStrengthPolicies: Graph.AuthenticationStrengthPolicy[] = catalog.authenticationStrengths.map((s) => ({
    id: oid("authenticationStrength", s.id),
    displayName: view.displayName(s.spec.displayName),
    description: s.spec.description ?? null,
    policyType: "custom",
    requirementsSatisfied: "mfa",
    allowedCombinations: sorted(s.spec.allowedCombinations) as Graph.AuthenticationMethodModes[],
  }));

  const conditionalAccessPolicies = catalog.conditionalAccessPolicies.map((p) => conditionalAccessPolicy(p, view, user, authenticationStrengthPolicies, oid));

  const accessPackageCatalogs: Graph.AccessPackageCatalog[] = catalog.accessPackageCatalogs.map((c) => ({
    id: oid("accessPackageCatalog", c.id),
    displayName: view.displayName(c.spec.displayName),
    description: c.spec.description,
    isExternallyVisible: c.spec.externallyVisible,
    state: c.spec.published ? "published" : "unpublished",
    catalogType: "userManaged",
  }));

  const servicePrincipals: Graph.ServicePrincipal[] = catalog.applications.map((a) => ({
    id: oid("servicePrincipal", a.id),
    appId: a.spec.clientId,
    displayName: a.spec.displayName,
    appRoles: a.spec.appRoles.map((r) => ({ id: r.appRoleId, value: r.id, displayName: r.displayName ?? r.id, isEnabled: true, allowedMemberTypes: ["User"] })),
  }));

  const accessPackages: Graph.AccessPackage[] = [];
  const assignmentPolicies: Graph.AccessPackageAssignmentPolicy[] = [];
  for (const r of catalog.businessRoles) {
    const a = r.spec.assignment;
    if (a?.type !== "request") continue;
    const packageId = oid("accessPackage", r.id);
    const group = oid("roleGroup", r.id);
    accessPackages.push({
      id: packageId,
      displayName: view.displayName(r.spec.displayName),
      description: r.spec.description,
      isHidden: a.hidden,
      catalog: { id: oid("accessPackageCatalog", a.catalog) },
      resourceRoleScopes: [
        {
          id: `${oid("resourceRole", r.id)}_${oid("resourceScope", r.id)}`,
          role: { id: oid("resourceRole", r.id), displayName: "Member", originId: `Member_${group}`, originSystem: "AadGroup" },
          scope: { id: oid("resourceScope", r.id), originId: group, originSystem: "AadGroup", isRootScope: true },
        },
      ],
    });
    assignmentPolicies.push({ id: oid("assignmentPolicy", r.id), accessPackage: { id: packageId }, ...assignmentPolicy(r.spec.displayName, a, user, oid) });
  }

  return {
    users: [...users.values()].sort(byObjectId),
    servicePrincipals: servicePrincipals.sort(byObjectId),
    administrativeUnits: administrativeUnits.sort(byObjectId),
    groups: groups.sort(byObjectId),
    namedLocations: namedLocations.sort(byObjectId),
    authenticationStrengthPolicies: authenticationStrengthPolicies.sort(byObjectId),
    conditionalAccessPolicies: conditionalAccessPolicies.sort(byObjectId),
    accessPackageCatalogs: accessPackageCatalogs.sort(byObjectId),
    accessPackages: accessPackages.sort(byObjectId),
    assignmentPolicies: assignmentPolicies.sort(byObjectId),
  };
}

/** Review frequencies as a Graph recurrence pattern. */
export const REVIEW_RECURRENCE: Record<string, { type: "weekly" | "absoluteMonthly"; interval: number }> = {
  weekly: { type: "weekly", interval: 1 },
  monthly: { type: "absoluteMonthly", interval: 1 },
  quarterly: { type: "absoluteMonthly", interval: 3 },
  halfyearly: { type: "absoluteMonthly", interval: 6 },
  annual: { type: "absoluteMonthly", interval: 12 },
};

export const REVIEW_EXPIRATION_BEHAVIOR = { keepAccess: "keepAccess", removeAccess: "removeAccess", acceptRecommendation: "acceptAccessRecommendation" } as const;

/** An approver or reviewer (`manager`, `sponsors`, `group:<id>` or a person) as a Graph subject set. */
function subjectSet(ref: string, user: (ref: string) => Graph.DirectoryObject, oid: ObjectIds): Graph.SubjectSet {
  if (ref === "manager") return { "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 } as Graph.SubjectSet;
  if (ref === "sponsors") return { "@odata.type": "#microsoft.graph.targetUserSponsors" } as Graph.SubjectSet;
  if (ref.startsWith("group:")) return { "@odata.type": "#microsoft.graph.groupMembers", groupId: oid("group", ref.slice("group:".length)) } as Graph.SubjectSet;
  return { "@odata.type": "#microsoft.graph.singleUser", userId: user(ref).id } as Graph.SubjectSet;
}

/** A requestable role's assignment policy as Graph v1.0 returns it (the provider's display name and description). */
function assignmentPolicy(roleName: string, a: RequestAssignmentSpec, user: (ref: string) => Graph.DirectoryObject, oid: ObjectIds): Graph.AccessPackageAssignmentPolicy {
  const subject = (ref: string) => subjectSet(ref, user, oid);
  const subjects = (refs: readonly string[]) => sorted(refs).map(subject);
  const stages = "stages" in a.approval ? a.approval.stages : [];
  const e = a.expiry;
  const review = a.review;
  return {
    displayName: `${roleName} - request`,
    description: `Who may request ${roleName}, who approves, and for how long (managed by idac).`,
    allowedTargetScope: ({ allMembers: "allMemberUsers", allUsers: "allDirectoryUsers", groups: "specificDirectoryUsers", none: "notSpecified" } as const)[a.requestors.scope],
    specificAllowedTargets: a.requestors.scope === "groups" ? sorted(a.requestors.groups).map((g) => subject(`group:${g}`)) : [],
    expiration: "afterDays" in e ? { type: "afterDuration", duration: `P${e.afterDays}D`, endDateTime: null } : "onDate" in e ? { type: "afterDateTime", endDateTime: `${e.onDate}T00:00:00Z`, duration: null } : { type: "noExpiration", duration: null, endDateTime: null },
    requestorSettings: { enableTargetsToSelfAddAccess: a.requestors.scope !== "none", enableTargetsToSelfUpdateAccess: a.extensionAllowed },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: stages.length > 0,
      isApprovalRequiredForUpdate: stages.length > 0,
      isRequestorJustificationRequired: a.requestorJustificationRequired,
      stages: stages.map((s) => ({
        durationBeforeAutomaticDenial: `P${s.timeoutDays}D`,
        isApproverJustificationRequired: s.approverJustificationRequired,
        isEscalationEnabled: s.escalation !== undefined,
        durationBeforeEscalation: s.escalation ? `P${s.escalation.afterDays}D` : null,
        primaryApprovers: subjects(s.approvers),
        fallbackPrimaryApprovers: subjects(s.backupApprovers),
        escalationApprovers: subjects(s.escalation?.approvers ?? []),
      })),
    },
    reviewSettings: review
      ? {
          isEnabled: true,
          expirationBehavior: REVIEW_EXPIRATION_BEHAVIOR[review.whenNoResponse],
          isRecommendationEnabled: review.recommendations,
          isReviewerJustificationRequired: review.justificationRequired,
          isSelfReview: review.reviewers === "self",
          primaryReviewers: review.reviewers === "manager" ? [subject("manager")] : Array.isArray(review.reviewers) ? subjects(review.reviewers) : [],
          schedule: {
            startDateTime: review.startsOn ? `${review.startsOn}T00:00:00Z` : null,
            expiration: { type: "afterDuration", duration: `P${review.durationDays}D` },
            recurrence: { pattern: REVIEW_RECURRENCE[review.frequency]!, range: { type: "noEnd" } },
          },
        }
      : null,
  };
}

function byObjectId(a: { id?: string | null }, b: { id?: string | null }): number {
  return (a.id ?? "").localeCompare(b.id ?? "");
}

function conditionalAccessPolicy(
  policy: ConditionalAccessPolicy,
  view: EnvironmentView,
  user: (ref: string) => Graph.DirectoryObject,
  strengths: readonly Graph.AuthenticationStrengthPolicy[],
  oid: ObjectIds,
): Graph.ConditionalAccessPolicy {
  const spec = policy.spec;
  const { include, exclude } = spec.users;
  const bg = breakGlassExclusions(spec, view.environment);
  const ids = (refs: readonly string[]) => sorted(refs.map((r) => user(r).id!));
  const role = (name: string) => findDirectoryRole(name).role!.templateId;
  const guests = (types: readonly string[]) =>
    types.length
      ? ({ guestOrExternalUserTypes: sorted(types).join(","), externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" } } as Graph.ConditionalAccessGuestsOrExternalUsers)
      : null;
  const apps = spec.applications;
  const app = (a: string) => caApplicationKeyword(a) ?? byId(view.catalog.applications, a).spec.clientId;
  const location = (l: string) => (l === "All" || l === "AllTrusted" ? l : oid("namedLocation", l));
  const g = spec.grant;
  const strength = g.authenticationStrength;
  const strengthId = strength === undefined ? undefined : (BUILT_IN_STRENGTH_GUIDS[strength] ?? oid("authenticationStrength", strength));
  const s = spec.session;
  const f = s?.signInFrequency;
  return {
    id: oid("conditionalAccessPolicy", policy.id),
    displayName: view.displayName(spec.displayName),
    state: CA_STATE[view.caState(policy)],
    conditions: {
      users: {
        includeUsers: include.all ? ["All"] : includesSomebody(include) ? ids(include.users) : ["None"],
        excludeUsers: sorted([...ids(exclude.users), ...bg.accounts]),
        includeGroups: sorted(include.groups.map((id) => oid("group", id))),
        excludeGroups: sorted([...exclude.groups.map((id) => oid("group", id)), ...(bg.group ? [bg.group] : [])]),
        includeRoles: sorted(include.roles.map(role)),
        excludeRoles: sorted(exclude.roles.map(role)),
        includeGuestsOrExternalUsers: guests(include.guestsOrExternalUsers),
        excludeGuestsOrExternalUsers: guests(exclude.guestsOrExternalUsers),
      },
      applications:
        "include" in apps
          ? { includeApplications: sorted(apps.include.map(app)), excludeApplications: sorted(apps.exclude.map(app)), includeUserActions: [] }
          : { includeApplications: [], excludeApplications: [], includeUserActions: sorted(apps.userActions.map((a) => CA_USER_ACTIONS[a])) },
      clientAppTypes: spec.clientAppTypes?.length ? sorted(spec.clientAppTypes) : ["all"],
      platforms: spec.platforms ? { includePlatforms: sorted(spec.platforms.include), excludePlatforms: sorted(spec.platforms.exclude) } : null,
      locations: spec.locations ? { includeLocations: sorted(spec.locations.include.map(location)), excludeLocations: sorted(spec.locations.exclude.map(location)) } : null,
      signInRiskLevels: sorted(spec.signInRiskLevels ?? []),
      userRiskLevels: sorted(spec.userRiskLevels ?? []),
      authenticationFlows: spec.authenticationFlows?.length ? { transferMethods: sorted(spec.authenticationFlows).join(",") as Graph.ConditionalAccessTransferMethods } : null,
    } as Graph.ConditionalAccessConditionSet,
    grantControls: g.block
      ? { operator: "OR", builtInControls: ["block"] }
      : ({
          operator: g.operator,
          builtInControls: sorted(g.controls),
          authenticationStrength: strengthId ? { id: strengthId, displayName: strengths.find((x) => x.id === strengthId)?.displayName ?? strength } : null,
        } as Graph.ConditionalAccessGrantControls),
    sessionControls: s
      ? ({
          signInFrequency: f
            ? f === "everyTime"
              ? { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication", type: null, value: null }
              : { isEnabled: true, frequencyInterval: "timeBased", authenticationType: "primaryAndSecondaryAuthentication", type: "hours" in f ? "hours" : "days", value: "hours" in f ? f.hours : f.days }
            : null,
          persistentBrowser: s.persistentBrowser ? { isEnabled: true, mode: s.persistentBrowser } : null,
          applicationEnforcedRestrictions: s.applicationEnforcedRestrictions !== undefined ? { isEnabled: s.applicationEnforcedRestrictions } : null,
          cloudAppSecurity: s.cloudAppSecurity ? { isEnabled: true, cloudAppSecurityType: s.cloudAppSecurity } : null,
          disableResilienceDefaults: s.disableResilienceDefaults ?? null,
        } as Graph.ConditionalAccessSessionControls)
      : null,
  };
}

/** The catalog entry behind each object of {@link expectedTenant}, by its object ID (adopted or stand-in). */
export function catalogOrigins(catalog: Catalog): Map<string, { section: string; id: string; file: string; line: number }> {
  const out = new Map<string, { section: string; id: string; file: string; line: number }>();
  const oid = objectIds(catalog);
  const add = (kind: string, section: string, e: { id: string; source: { file: string; line: number } }) => out.set(oid(kind, e.id), { section, id: e.id, file: e.source.file, line: e.source.line });
  for (const e of catalog.administrativeUnits) add("administrativeUnit", "administrativeUnits", e);
  for (const e of catalog.groups) add("group", "groups", e);
  for (const e of catalog.businessRoles) add("roleGroup", "businessRoles", e);
  for (const e of catalog.privilegedRoles) add("pimGroup", "privilegedRoles", e);
  for (const e of catalog.namedLocations) add("namedLocation", "namedLocations", e);
  for (const e of catalog.authenticationStrengths) add("authenticationStrength", "authenticationStrengths", e);
  for (const e of catalog.conditionalAccessPolicies) add("conditionalAccessPolicy", "conditionalAccessPolicies", e);
  for (const e of catalog.accessPackageCatalogs) add("accessPackageCatalog", "accessPackageCatalogs", e);
  for (const e of catalog.businessRoles) add("accessPackage", "businessRoles", e);
  for (const e of catalog.businessRoles) add("assignmentPolicy", "businessRoles", e);
  return out;
}
