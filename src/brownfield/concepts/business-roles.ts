import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import { daysOf, ROLE_GROUP_PREFIX } from "../../model/graph-values";
import { parseMembershipRule } from "../../model/membership-rule";
import { automaticAssignmentBody, automaticAssignmentFromGraph, type AutoAssign } from "../../model/graph/automatic-assignment";
import type { BusinessRole as RoleEntry } from "../../model/model";
import { roleGroupMailNickname } from "../../resolve/resolve";
import type { BusinessRole, RequestAssignmentSpec } from "../../schema/catalog";
import type { GraphExport } from "../graph";
import { IdAllocator, isCatalogId, slug } from "../ids";
import { addTo } from "../multimap";
import { prune, sorted, type GraphView } from "./context";
import { byObjectId, directoryObjects, MISSING_DESCRIPTION, securityGroupBase, type GraphGroup, type TenantGroup } from "./groups";
import { subjectFromGraph, subjectToGraph } from "./private/subjects";

/**
 * Business roles between Microsoft Graph and the catalog, both directions side by side. A role is several objects:
 * its role group (`Role - <name>`, mail nickname `role-<id>`), nested into the groups it grants and holding its app
 * roles, and for a requestable role an access package with the role group as its one resource and one assignment
 * policy (requestors, approval stages, expiry, extension, reviews).
 * @see https://learn.microsoft.com/graph/api/resources/accesspackage
 * @see https://learn.microsoft.com/graph/api/resources/accesspackageassignmentpolicy
 */

export type BusinessRoleFields = Omit<z.input<typeof BusinessRole>, "id">;

/** Review frequencies as a Graph recurrence pattern. */
const REVIEW_RECURRENCE: Record<string, { type: "weekly" | "absoluteMonthly"; interval: number }> = {
  weekly: { type: "weekly", interval: 1 },
  monthly: { type: "absoluteMonthly", interval: 1 },
  quarterly: { type: "absoluteMonthly", interval: 3 },
  halfyearly: { type: "absoluteMonthly", interval: 6 },
  annual: { type: "absoluteMonthly", interval: 12 },
};

const REVIEW_EXPIRATION_BEHAVIOR = { keepAccess: "keepAccess", removeAccess: "removeAccess", acceptRecommendation: "acceptAccessRecommendation" } as const;

/** A business role's objects in Graph's shape: its role group, and its package and policy when it is requestable. */
export interface RoleObjects {
  readonly group: TenantGroup;
  readonly accessPackage?: Graph.AccessPackage;
  readonly assignmentPolicy?: Graph.AccessPackageAssignmentPolicy;
  /** The automatic assignment policy of a role with `autoAssign` (written through Microsoft Graph). */
  readonly automaticPolicy?: Graph.AccessPackageAssignmentPolicy;
}

// ─── Catalog → Graph ─────────────────────────────────────────────────────────────────────────────────────

/** A business role (one that has a role group) as the objects Graph returns once azuread 3.7.0 has applied it. */
export function businessRoleToGraph(
  r: Pick<RoleEntry, "id" | "spec" | "membershipRule" | "effectiveGroups" | "effectiveAppRoles">,
  view: GraphView,
): RoleObjects {
  const a = r.spec.assignment;
  const birthright = a?.type === "birthright";
  const groupId = view.objectId("roleGroup", r.id);
  const group: TenantGroup = {
    id: groupId,
    ...securityGroupBase(`${ROLE_GROUP_PREFIX}${r.spec.displayName}`, r.spec.description, roleGroupMailNickname(r.spec), view),
    isAssignableToRole: false,
    visibility: "Private",
    groupTypes: birthright ? ["DynamicMembership"] : [],
    membershipRule: r.membershipRule ?? null,
    membershipRuleProcessingState: birthright ? "On" : null,
    owners: directoryObjects(r.spec.owners, view),
    memberOf: r.effectiveGroups
      .map((g) => ({ "@odata.type": "#microsoft.graph.group", id: view.objectId("group", g) }) as Graph.DirectoryObject)
      .sort(byObjectId),
    appRoleAssignments: r.effectiveAppRoles
      .map((x) => ({
        id: view.objectId("appRoleAssignment", `${r.id}/${x.application}/${x.appRole}`),
        appRoleId: x.appRoleId,
        principalId: groupId,
        principalType: "Group",
        resourceId: view.objectId("servicePrincipal", x.application),
      }))
      .sort(byObjectId),
  };
  if (a?.type !== "request") return { group };
  const packageId = view.objectId("accessPackage", r.id);
  const accessPackage: Graph.AccessPackage = {
    id: packageId,
    displayName: view.displayName(r.spec.displayName),
    description: r.spec.description,
    isHidden: a.hidden,
    catalog: { id: view.objectId("accessPackageCatalog", a.catalog) },
    resourceRoleScopes: [
      {
        id: `${view.objectId("resourceRole", r.id)}_${view.objectId("resourceScope", r.id)}`,
        role: { id: view.objectId("resourceRole", r.id), displayName: "Member", originId: `Member_${groupId}`, originSystem: "AadGroup" },
        scope: { id: view.objectId("resourceScope", r.id), originId: groupId, originSystem: "AadGroup", isRootScope: true },
      },
    ],
  };
  return {
    group,
    accessPackage,
    assignmentPolicy: {
      id: view.objectId("assignmentPolicy", r.id),
      accessPackage: { id: packageId },
      ...assignmentPolicyToGraph(r.spec.displayName, a, view),
    },
    ...(a.autoAssign
      ? {
          automaticPolicy: {
            id: view.objectId("autoAssignmentPolicy", r.id),
            ...(automaticAssignmentBody(view.displayName(r.spec.displayName), a.autoAssign, packageId) as Graph.AccessPackageAssignmentPolicy),
          },
        }
      : {}),
  };
}

/** A requestable role's assignment policy as Graph v1.0 returns it (the provider's display name and description). */
function assignmentPolicyToGraph(roleName: string, a: RequestAssignmentSpec, view: GraphView): Graph.AccessPackageAssignmentPolicy {
  const subject = (ref: string) => subjectToGraph(ref, view);
  const subjects = (refs: readonly string[]) => sorted(refs).map(subject);
  const stages = "stages" in a.approval ? a.approval.stages : [];
  const e = a.expiry;
  const review = a.review;
  return {
    displayName: `${roleName} - request`,
    description: `Who may request ${roleName}, who approves, and for how long (managed by idac).`,
    allowedTargetScope: ({ allMembers: "allMemberUsers", allUsers: "allDirectoryUsers", groups: "specificDirectoryUsers", none: "notSpecified" } as const)[
      a.requestors.scope
    ],
    specificAllowedTargets: a.requestors.scope === "groups" ? sorted(a.requestors.groups).map((g) => subject(`group:${g}`)) : [],
    expiration:
      "afterDays" in e
        ? { type: "afterDuration", duration: `P${e.afterDays}D`, endDateTime: null }
        : "onDate" in e
          ? { type: "afterDateTime", endDateTime: `${e.onDate}T00:00:00Z`, duration: null }
          : { type: "noExpiration", duration: null, endDateTime: null },
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

// ─── Graph → catalog ─────────────────────────────────────────────────────────────────────────────────────

export interface RoleImportContext {
  ref(objectId: string): string | undefined;
  person(id: string): string;
  name(displayName: string): string;
  skip(collection: string, o: { id: string; displayName?: string | null }, reason: string): void;
  note(section: string, id: string, note: string): void;
  /** `<service principal id>/<app role id>` → `<application catalog id>/<app role catalog id>`. */
  readonly appRoleRef: ReadonlyMap<string, string>;
  /** Object ID → catalog ID of roles the catalog already has. */
  readonly pinned: ReadonlyMap<string, string>;
  /** Name of a directory role: built in, or a role definition of the export. */
  roleName(id: string): string;
  /** The people owning a role's group, with a note when there are none. */
  groupOwners(g: GraphGroup, section: string, id: string): string[];
}

/** A business role imported from its objects, and the properties of each the first plan changes on purpose. */
export interface ImportedRole {
  readonly entry: BusinessRoleFields & { id: string };
  readonly updates: { readonly group: readonly string[]; readonly accessPackage: readonly string[]; readonly assignmentPolicy: readonly string[] };
}

const SCOPE_BY_TARGET: Record<string, string> = {
  allMemberUsers: "allMembers",
  allDirectoryUsers: "allUsers",
  specificDirectoryUsers: "groups",
  notSpecified: "none",
};
const FREQUENCY_BY_PATTERN = new Map(Object.entries(REVIEW_RECURRENCE).map(([k, v]) => [`${v.type}/${v.interval}`, k]));
const NO_RESPONSE_BY_BEHAVIOR = new Map<string, string>(Object.entries(REVIEW_EXPIRATION_BEHAVIOR).map(([k, v]) => [v, k]));

/** The group of a business role, by idac's naming (display name prefix and mail nickname). */
export function isRoleGroup(g: GraphGroup, name: (s: string) => string): boolean {
  return name(g.displayName).startsWith(ROLE_GROUP_PREFIX) && g.mailNickname?.startsWith("role-") === true;
}

/**
 * Business roles from their tenant footprint: the role group (idac naming) gives the ID, name, owners and — for a
 * dynamic group — the birthright HR conditions; the groups it is nested into and its app role assignments give the
 * entitlements; an access package holding it as its only resource, with one assignment policy, gives the request
 * settings. Included roles and building-block roles leave no trace of their own in the tenant: their entitlements
 * come back on the roles that hold them.
 */
export function businessRolesFromGraph(data: GraphExport, roleGroups: readonly GraphGroup[], ctx: RoleImportContext): ImportedRole[] {
  const memberOf = new Map<string, string[]>();
  for (const g of data.groups) for (const m of g.members) addTo(memberOf, m.id.toLowerCase(), g.id);
  const packageOf = new Map<string, GraphExport["accessPackages"][number][]>();
  for (const p of data.accessPackages) {
    for (const rs of p.resourceRoleScopes) {
      const origin = rs.scope?.originId?.toLowerCase();
      if (origin && rs.scope?.originSystem === "AadGroup") addTo(packageOf, origin, p);
    }
  }
  const ids = new IdAllocator(ctx.pinned);
  const allocated = ids.allocate(
    roleGroups.map((g) => ({
      objectId: g.id,
      preferred:
        g.mailNickname && isCatalogId(g.mailNickname.slice("role-".length))
          ? g.mailNickname.slice("role-".length)
          : slug(ctx.name(g.displayName).slice(ROLE_GROUP_PREFIX.length), "role"),
    })),
  );
  const out: ImportedRole[] = [];
  for (const g of roleGroups) {
    const imported = roleFromGraph(g, allocated.get(g.id)!, { data, memberOf, packageOf }, ctx);
    if (imported) out.push(imported);
  }
  return out;
}

function roleFromGraph(
  g: GraphGroup,
  id: string,
  tenant: { data: GraphExport; memberOf: ReadonlyMap<string, string[]>; packageOf: ReadonlyMap<string, GraphExport["accessPackages"][number][]> },
  ctx: RoleImportContext,
): ImportedRole | undefined {
  const problems: string[] = [];
  const groupUpdates = [...(g.description ? [] : ["description"]), ...(g.visibility ? [] : ["visibility"])];
  const subject = (s: Parameters<typeof subjectFromGraph>[0]): string => {
    const r = subjectFromGraph(s, ctx);
    if ("problem" in r) problems.push(r.problem);
    return "subject" in r ? r.subject : "?";
  };
  const days = (duration: string | null | undefined, what: string): number | undefined => {
    const n = daysOf(duration);
    if (n === undefined) problems.push(`${what} '${duration ?? ""}' is not a number of days`);
    return n;
  };

  const groups: string[] = [];
  for (const parent of tenant.memberOf.get(g.id.toLowerCase()) ?? []) {
    const r = ctx.ref(parent);
    if (r) groups.push(r);
    else ctx.note("businessRoles", id, `its group is nested into ${parent}, which is not imported: that entitlement is not recorded`);
  }
  const appRoles: string[] = [];
  const adoptedAppRoles: Record<string, string> = {};
  for (const a of g.appRoleAssignments) {
    const r = ctx.appRoleRef.get(`${a.resourceId.toLowerCase()}/${a.appRoleId.toLowerCase()}`);
    if (!r) {
      problems.push(`app role ${a.appRoleId} of service principal ${a.resourceId} is not in the export`);
      continue;
    }
    appRoles.push(r);
    adoptedAppRoles[r] = `${a.resourceId.toLowerCase()}/${a.id}`;
  }

  let assignment: BusinessRoleFields["assignment"];
  const packageUpdates: string[] = [];
  let policyUpdates: string[] = [];
  const adoption: Record<string, unknown> = { group: g.id.toLowerCase() };
  if (g.groupTypes.includes("DynamicMembership")) {
    const parsed = parseMembershipRule(g.membershipRule ?? "");
    if ("error" in parsed) problems.push(`its dynamic membership rule is not an HR condition idac can express: ${parsed.error}`);
    else assignment = { type: "birthright", when: parsed.conditions };
    groupUpdates.push("membershipRule");
  } else {
    const packages = tenant.packageOf.get(g.id.toLowerCase()) ?? [];
    const p = packages[0];
    const all = p ? tenant.data.assignmentPolicies.filter((x) => x.accessPackage?.id.toLowerCase() === p.id.toLowerCase()) : [];
    // An automatic assignment policy (attribute rule) sits next to the request policy: it becomes autoAssign.
    const automatic = all.filter(
      (x) => (x.automaticRequestSettings as { requestAccessForAllowedTargets?: unknown } | null | undefined)?.requestAccessForAllowedTargets === true,
    );
    const policies = all.filter((x) => !automatic.includes(x));
    if (packages.length !== 1 || !p)
      problems.push(
        packages.length
          ? `its group is a resource of ${packages.length} access packages`
          : "its group is in no access package and has no dynamic rule: how people get the role is not in the tenant",
      );
    else if (p.resourceRoleScopes.length !== 1)
      problems.push(`its access package '${p.displayName}' holds ${p.resourceRoleScopes.length} resources (idac packages hold the role group only)`);
    else if (policies.length !== 1) problems.push(`its access package '${p.displayName}' has ${policies.length} assignment policies (idac packages have one)`);
    else {
      const policy = policies[0]!;
      const rs = p.resourceRoleScopes[0]!;
      let autoAssign: AutoAssign | undefined;
      if (automatic.length > 1)
        problems.push(`its access package '${p.displayName}' has ${automatic.length} automatic assignment policies (idac: at most one)`);
      else if (automatic.length === 1) {
        const made = automaticAssignmentFromGraph(automatic[0]);
        if (!made.ok) problems.push(`its automatic assignment policy cannot be expressed: ${made.property}: ${made.reason}`);
        else {
          autoAssign = made.autoAssign;
          Object.assign(adoption, { autoAssignmentPolicy: automatic[0]!.id.toLowerCase() });
        }
      }
      Object.assign(adoption, {
        accessPackage: p.id.toLowerCase(),
        assignmentPolicy: policy.id.toLowerCase(),
        ...(rs.role?.id && rs.scope?.id ? { resourceRoleScope: `${rs.role.id}_${rs.scope.id}`.toLowerCase() } : {}),
      });
      // The package carries the role's name and description, and the policy idac's own: the first plan writes them.
      const roleName = ctx.name(g.displayName).slice(ROLE_GROUP_PREFIX.length);
      if (p.description !== (g.description || MISSING_DESCRIPTION)) {
        packageUpdates.push("description");
        ctx.note("businessRoles", id, `its access package's description becomes the role's description (was ${JSON.stringify(p.description ?? "")})`);
      }
      if (ctx.name(p.displayName) !== roleName) {
        packageUpdates.push("displayName");
        ctx.note("businessRoles", id, `its access package '${p.displayName}' is renamed after the role`);
      }
      policyUpdates = ["displayName", "description"];
      const catalog = p.catalog?.id ? ctx.ref(p.catalog.id) : undefined;
      if (!catalog) problems.push(`the catalog of its access package '${p.displayName}' is not imported`);
      if (policy.automaticRequestSettings) problems.push("its assignment policy assigns automatically (not a request policy)");
      const scope = policy.requestorSettings?.enableTargetsToSelfAddAccess === false ? "none" : SCOPE_BY_TARGET[policy.allowedTargetScope ?? ""];
      if (!scope) problems.push(`requestors '${policy.allowedTargetScope}' cannot be expressed (idac: all members, all users, members of groups, nobody)`);
      const requestorGroups = scope === "groups" ? policy.specificAllowedTargets.map((t) => subject(t).replace(/^group:/, "")) : [];
      const approval = policy.requestApprovalSettings;
      const stages = approval?.isApprovalRequiredForAdd ? approval.stages : [];
      const e = policy.expiration;
      const expiry =
        e?.type === "afterDuration"
          ? { afterDays: days(e.duration, "expiration")! }
          : e?.type === "afterDateTime" && e.endDateTime
            ? { onDate: e.endDateTime.slice(0, 10) }
            : { never: true as const };
      const r = policy.reviewSettings;
      let review: Extract<BusinessRoleFields["assignment"], { type: "request" }>["review"];
      if (r?.isEnabled) {
        const pattern = r.schedule?.recurrence?.pattern;
        const frequency = FREQUENCY_BY_PATTERN.get(`${pattern?.type}/${pattern?.interval}`);
        if (!frequency) problems.push(`review recurrence ${pattern?.type}/${pattern?.interval} is not weekly, monthly, quarterly, half-yearly or annual`);
        const reviewers = r.isSelfReview
          ? "self"
          : r.primaryReviewers.length === 1 && r.primaryReviewers[0]!["@odata.type"] === "#microsoft.graph.requestorManager"
            ? "manager"
            : r.primaryReviewers.map(subject).sort();
        const durationDays = days(r.schedule?.expiration?.duration, "review duration");
        const noResponse = NO_RESPONSE_BY_BEHAVIOR.get(r.expirationBehavior ?? "");
        review = {
          frequency: frequency as "weekly",
          reviewers,
          durationDays: durationDays === 14 ? undefined : durationDays,
          startsOn: r.schedule?.startDateTime ? r.schedule.startDateTime.slice(0, 10) : undefined,
          whenNoResponse: noResponse === "removeAccess" ? undefined : (noResponse as "keepAccess" | undefined),
          justificationRequired: r.isReviewerJustificationRequired ? undefined : false,
          recommendations: r.isRecommendationEnabled ? undefined : false,
        };
      }
      assignment = {
        type: "request",
        catalog: catalog ?? "",
        requestors: scope === "allMembers" ? undefined : { scope: scope as "none", ...(requestorGroups.length ? { groups: sorted(requestorGroups) } : {}) },
        requestorJustificationRequired: approval?.isRequestorJustificationRequired ? undefined : false,
        approval: stages.length
          ? {
              stages: stages.map((st) => ({
                approvers: st.primaryApprovers.map(subject).sort(),
                backupApprovers: st.fallbackPrimaryApprovers.length ? st.fallbackPrimaryApprovers.map(subject).sort() : undefined,
                timeoutDays: ((t) => (t === 14 ? undefined : t))(days(st.durationBeforeAutomaticDenial, "approval timeout")),
                approverJustificationRequired: st.isApproverJustificationRequired ? undefined : false,
                escalation: st.isEscalationEnabled
                  ? { afterDays: days(st.durationBeforeEscalation, "escalation delay")!, approvers: st.escalationApprovers.map(subject).sort() }
                  : undefined,
              })),
            }
          : { none: true, reason: "No approval in Entra when imported: confirm nobody needs to approve this role" },
        expiry,
        extensionAllowed: policy.requestorSettings?.enableTargetsToSelfUpdateAccess ? undefined : false,
        review,
        hidden: p.isHidden ? true : undefined,
        autoAssign,
      };
    }
  }
  if (Object.keys(adoptedAppRoles).length)
    adoption.appRoleAssignments = Object.fromEntries(Object.entries(adoptedAppRoles).sort(([a], [b]) => a.localeCompare(b)));
  if (problems.length) {
    ctx.skip("groups", g, `the group of a business role that cannot be imported: ${problems.join("; ")}`);
    return undefined;
  }
  const owners = ctx.groupOwners(g, "businessRoles", id);
  const entry = prune({
    id,
    displayName: ctx.name(g.displayName).slice(ROLE_GROUP_PREFIX.length),
    description: g.description || MISSING_DESCRIPTION,
    owners,
    entitlements:
      groups.length || appRoles.length
        ? { groups: groups.length ? sorted(groups) : undefined, appRoles: appRoles.length ? sorted(appRoles) : undefined }
        : undefined,
    assignment,
    importFrom: (Object.keys(adoption).length === 1 ? adoption.group : adoption) as BusinessRoleFields["importFrom"],
  });
  return { entry, updates: { group: groupUpdates, accessPackage: packageUpdates, assignmentPolicy: policyUpdates } };
}
