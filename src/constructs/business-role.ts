import { Construct } from "constructs";
import type { z } from "zod";
import { AccessPackage } from "@cdktf/provider-azuread/lib/access-package";
import {
  AccessPackageAssignmentPolicy,
  type AccessPackageAssignmentPolicyApprovalSettingsApprovalStage,
  type AccessPackageAssignmentPolicyConfig,
} from "@cdktf/provider-azuread/lib/access-package-assignment-policy";
import { AccessPackageResourceCatalogAssociation } from "@cdktf/provider-azuread/lib/access-package-resource-catalog-association";
import { AccessPackageResourcePackageAssociation } from "@cdktf/provider-azuread/lib/access-package-resource-package-association";
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { Group as AzureadGroup } from "@cdktf/provider-azuread/lib/group";
import { GroupMember } from "@cdktf/provider-azuread/lib/group-member";
import { GroupWithoutMembers } from "@cdktf/provider-azuread/lib/group-without-members";
import { roleAdoption } from "../model/adoption";
import { ROLE_GROUP_PREFIX } from "../model/graph-values";
import { byId, type AccessPackageCatalog as AccessPackageCatalogEntry, type BusinessRole as BusinessRoleEntry, type Group } from "../model/model";
import { roleGroupMailNickname } from "../resolve/resolve";
import { resolveBusinessRole } from "../resolve/single-entry";
import { BusinessRole as BusinessRoleSchema, type RequestAssignmentSpec } from "../schema/catalog";
import type { AccessPackageCatalog } from "./access-package-catalog";
import { contextOf, type ConstructContext } from "./context";
import type { ResolvedApprover } from "./principals";
import { entryOf } from "./private/lookup";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { addProblem, parseProps, RESOLVED, type MaybeResolved, type Ref } from "./private/props";
import type { SecurityGroup } from "./security-group";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof BusinessRoleSchema>;
type RequestInput = Extract<NonNullable<Input["assignment"]>, { type: "request" }>;
type StageInput = Extract<RequestInput["approval"], { stages: unknown }>["stages"][number];
type ReviewInput = NonNullable<RequestInput["review"]>;

/** An approver or reviewer: a UPN or object ID, `manager`, `sponsors`, `group:<catalog ID>`, or the group itself. */
export type ApproverRef = string | SecurityGroup;

/** An approval stage; `timeoutDays` @default 14, `approverJustificationRequired` @default true, `backupApprovers` @default []. */
export interface ApprovalStageProps extends Omit<StageInput, "approvers" | "backupApprovers" | "escalation"> {
  readonly approvers: readonly ApproverRef[];
  readonly backupApprovers?: readonly ApproverRef[];
  /** Alternate approvers asked after `afterDays`. @default none */
  readonly escalation?: { readonly afterDays: number; readonly approvers: readonly ApproverRef[] };
}

/**
 * How people request a role through an access package. `requestors` @default `{ scope: "allMembers" }`;
 * `requestorJustificationRequired` @default true; `extensionAllowed` @default true; `hidden` @default false;
 * `review` @default none (no recurring access review).
 */
export interface RequestAssignmentProps extends Omit<RequestInput, "catalog" | "requestors" | "approval" | "review"> {
  /** The access package catalog the package lives in. */
  readonly catalog: Ref<AccessPackageCatalog>;
  readonly requestors?: { readonly scope: "allMembers" | "allUsers" | "groups" | "none"; readonly groups?: readonly Ref<SecurityGroup>[] };
  readonly approval: { readonly stages: readonly ApprovalStageProps[] } | { readonly none: true; readonly reason: string };
  /** `durationDays` @default 14, `whenNoResponse` @default "removeAccess", `justificationRequired` and `recommendations` @default true. */
  readonly review?: Omit<ReviewInput, "reviewers"> & { readonly reviewers: "self" | "manager" | readonly ApproverRef[] };
}

export interface BusinessRoleProps extends MaybeResolved<BusinessRoleEntry> {
  /** Display name of the role (its access package); the role group is named `ROLE_GROUP_PREFIX + displayName`. */
  readonly displayName: string;
  readonly description: string;
  /** Owners of the role group: UPNs or object IDs, 1 to 100. */
  readonly owners: readonly string[];
  /** @default "internal" */
  readonly sensitivity?: Input["sensitivity"];
  /** What the role grants. Each list @default []. */
  readonly entitlements?: {
    /** Groups the role group is nested into (assigned groups; not dynamic ones). */
    readonly groups?: readonly Ref<SecurityGroup>[];
    /** App roles as `<application id>/<app role id>` of applications declared in the catalog. */
    readonly appRoles?: readonly string[];
    /** Business roles whose entitlements this role includes (declared before it). */
    readonly roles?: readonly Ref<BusinessRole>[];
  };
  /**
   * How people get the role: `{ type: "birthright", when: { … HR conditions } }` (a dynamic role group) or a
   * request through an access package. @default none: a building block that only other roles include
   */
  readonly assignment?:
    | { readonly type: "birthright"; readonly when: Extract<NonNullable<Input["assignment"]>, { type: "birthright" }>["when"] }
    | ({ readonly type: "request" } & RequestAssignmentProps);
  /** IDs the role had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** The existing role group's object ID, or the objects of a requestable role to adopt. @default none */
  readonly importFrom?: Input["importFrom"];
}

/** Display name of a business role's group. */
export function roleGroupDisplayName(roleDisplayName: string): string {
  return `${ROLE_GROUP_PREFIX}${roleDisplayName}`;
}

/**
 * The group that stands for a business role: people who hold the role are its members, and the role's
 * entitlements are granted to the group. Birthright roles get a dynamic group from their HR conditions (joiners
 * get access from their HR record, movers are re-evaluated, leavers drop out); requestable roles get a group whose
 * membership the access package manages (`azuread_group_without_members`, so idac never removes assignees).
 * {@link BusinessRole} creates it; the catalog compiler creates it ahead, in the environment's groups stack.
 */
export class RoleGroup extends Construct {
  static fromModel(scope: Construct, role: BusinessRoleEntry): RoleGroup {
    return new RoleGroup(scope, role);
  }

  public readonly groupObjectId: string;

  constructor(scope: Construct, role: BusinessRoleEntry) {
    super(scope, `role-group-${role.id}`);
    const ctx = contextOf(this);
    const name = currentLogicalId("roleGroup", role);
    const common = {
      displayName: terraformText(ctx.view.displayName(roleGroupDisplayName(role.spec.displayName))),
      description: terraformText(role.spec.description),
      securityEnabled: true,
      mailEnabled: false,
      mailNickname: terraformText(roleGroupMailNickname(role.spec)),
      visibility: "Private",
      owners: ctx.principals.userObjectIds(role.spec.owners),
      preventDuplicateNames: true,
    };
    const resource =
      role.spec.assignment?.type === "birthright"
        ? new AzureadGroup(this, name, {
            ...common,
            types: ["DynamicMembership"],
            dynamicMembership: { enabled: true, rule: terraformText(role.membershipRule!) },
          })
        : new GroupWithoutMembers(this, name, common);
    identify(resource, ctx.refactoring, "roleGroup", role);
    adopt(resource, { spec: { importFrom: roleAdoption(role.spec)?.group } });
    this.groupObjectId = resource.objectId;
    ctx.registry.set("roleGroup", role.id, this.groupObjectId);
  }
}

/**
 * A business role: its role group (in the environment's groups stack, see {@link RoleGroup}) and what it grants
 * and how it is obtained: the role group nested into each effective group that idac does not manage the
 * membership of (managed groups list role groups in their own `members`), an app role assignment per effective app
 * role, and for requestable roles an access package with the role group as its resource and one assignment policy
 * (requestors, approval stages, expiry, extension, recurring review). Packages and policies are protected from destroy.
 * @see https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-create
 */
export class BusinessRole extends Construct {
  static fromModel(scope: Construct, role: BusinessRoleEntry): BusinessRole {
    return new BusinessRole(scope, role.id, { ...(role.spec as BusinessRoleProps), [RESOLVED]: role });
  }

  /** The catalog ID: decides the Terraform addresses (`role__<id>`, `access_package__<id>`, …). */
  public readonly catalogId: string;
  /** The resolved entry (effective grants), when the role could be built. */
  public readonly entry?: BusinessRoleEntry;
  /** Object ID of the role group, for roles that have one. */
  public readonly groupObjectId?: string;
  /** ID of the role's access package, for requestable roles. */
  public readonly accessPackageId?: string;

  /** @param id the catalog ID; the construct's node is `role-access-<id>` */
  constructor(scope: Construct, id: string, props: BusinessRoleProps) {
    super(scope, `role-access-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const { registry, view } = ctx;
    const declaredInCode = !props[RESOLVED];
    const role =
      props[RESOLVED] ??
      parseProps(this, BusinessRoleSchema, { ...withApproverRefs(props), id }, (spec, source) => {
        const included = spec.entitlements.roles.map((r) => entryOf<BusinessRoleEntry>(ctx, "businessRole", view.catalog.businessRoles, r));
        const missing = spec.entitlements.roles.filter((_, i) => !included[i]);
        if (missing.length)
          return {
            entry: undefined,
            problems: missing.map((r) => `included business role '${r}' is not declared in this environment (declare it before this role).`),
          };
        return resolveBusinessRole(spec, source, view.catalog.applications, included as BusinessRoleEntry[]);
      });
    if (!role) return;
    this.entry = role;
    if (declaredInCode) registry.setEntry("businessRole", role, this);
    if (!role.hasRoleGroup) return;

    if (!registry.has("roleGroup", role.id)) new RoleGroup(ctx.roleGroupScope ?? scope, role);
    // Read here only where this stack uses it: a managed group takes the role group in its own stack.
    const roleGroupHere = () => registry.get("roleGroup", role.id);
    this.groupObjectId = registry.peek("roleGroup", role.id);
    const adoption = roleAdoption(role.spec);
    const adopted = adoption?.group.toLowerCase();

    for (const groupId of role.effectiveGroups) {
      const group = entryOf<Group>(ctx, "group", view.catalog.groups, groupId);
      if (!group) {
        addProblem(this, `group '${groupId}' is not declared in this environment (declare it before the role).`);
        continue;
      }
      const membership = group.spec.membership;
      if (membership.type === "dynamic") {
        addProblem(this, `group '${groupId}' has dynamic membership, so a role group cannot be nested into it; grant an assigned group.`);
      } else if (membership.managed) {
        if (declaredInCode) registry.construct<SecurityGroup>("group", groupId)!.addRoleGroup(role.id, this.groupObjectId);
      } else {
        const member = new GroupMember(this, currentLogicalId("groupMember", group, "role", role), {
          groupObjectId: registry.get("group", groupId),
          memberObjectId: roleGroupHere(),
        });
        identify(member, ctx.refactoring, "groupMember", group, "role", role);
        if (adopted && group.spec.importFrom) member.importFrom(`${group.spec.importFrom.toLowerCase()}/member/${adopted}`);
      }
    }

    for (const grant of role.effectiveAppRoles) {
      const assignment = new AppRoleAssignment(this, currentLogicalId("roleAppRole", role, grant.application, grant.appRole), {
        appRoleId: grant.appRoleId,
        principalObjectId: roleGroupHere(),
        resourceObjectId: ctx.principals.servicePrincipalObjectId(byId(view.catalog.applications, grant.application)),
      });
      identify(assignment, ctx.refactoring, "roleAppRole", role, grant.application, grant.appRole);
      const existing = adoption?.appRoleAssignments?.[`${grant.application}/${grant.appRole}`];
      if (existing) {
        const [servicePrincipal, id] = existing.split("/");
        assignment.importFrom(`/servicePrincipals/${servicePrincipal!.toLowerCase()}/appRoleAssignedTo/${id}`);
      }
    }

    const assignment = role.spec.assignment;
    if (assignment?.type === "request") this.accessPackageId = this.accessPackage(role, assignment, roleGroupHere(), ctx);
    // Governance (incompatible packages, automatic assignment) finds the package by the role's ID.
    if (this.accessPackageId) ctx.registry.set("accessPackage", role.id, this.accessPackageId);
  }

  /** The access package, its resource associations and its assignment policy; returns the package's ID. */
  private accessPackage(role: BusinessRoleEntry, assignment: RequestAssignmentSpec, roleGroup: string, ctx: ConstructContext): string | undefined {
    const catalog = entryOf<AccessPackageCatalogEntry>(ctx, "accessPackageCatalog", ctx.view.catalog.accessPackageCatalogs, assignment.catalog);
    if (!catalog) {
      addProblem(this, `access package catalog '${assignment.catalog}' is not declared in this environment (declare it before the role).`);
      return undefined;
    }
    const catalogId = ctx.registry.get("accessPackageCatalog", assignment.catalog);
    const adoption = roleAdoption(role.spec);
    const adopted = adoption?.group.toLowerCase();

    const accessPackage = new AccessPackage(this, currentLogicalId("accessPackage", role), {
      catalogId,
      displayName: terraformText(ctx.view.displayName(role.spec.displayName)),
      description: terraformText(role.spec.description),
      hidden: assignment.hidden,
      lifecycle: { preventDestroy: true },
    });
    identify(accessPackage, ctx.refactoring, "accessPackage", role);
    if (adoption?.accessPackage) accessPackage.importFrom(adoption.accessPackage.toLowerCase());

    const catalogResource = new AccessPackageResourceCatalogAssociation(this, currentLogicalId("catalogResource", catalog, "role", role), {
      catalogId,
      resourceOriginId: roleGroup,
      resourceOriginSystem: "AadGroup",
    });
    identify(catalogResource, ctx.refactoring, "catalogResource", catalog, "role", role);
    if (adopted && catalog.spec.importFrom) catalogResource.importFrom(`${catalog.spec.importFrom.toLowerCase()}/${adopted}`);

    const packageResource = new AccessPackageResourcePackageAssociation(this, currentLogicalId("packageResource", role), {
      accessPackageId: accessPackage.id,
      catalogResourceAssociationId: catalogResource.id,
      accessType: "Member",
    });
    identify(packageResource, ctx.refactoring, "packageResource", role);
    // azuread 3.7.0 import ID: {AccessPackageID}/{RoleID_ScopeID}/{ResourceOriginID}/{AccessType}
    if (adopted && adoption?.accessPackage && adoption.resourceRoleScope) {
      packageResource.importFrom(`${adoption.accessPackage.toLowerCase()}/${adoption.resourceRoleScope.toLowerCase()}/${adopted}/Member`);
    }

    const policy = new AccessPackageAssignmentPolicy(this, currentLogicalId("accessPackagePolicy", role), {
      accessPackageId: accessPackage.id,
      ...assignmentPolicy(role, assignment, ctx),
      lifecycle: { preventDestroy: true },
    });
    identify(policy, ctx.refactoring, "accessPackagePolicy", role);
    if (adoption?.assignmentPolicy) policy.importFrom(adoption.assignmentPolicy.toLowerCase());
    return accessPackage.id;
  }
}

type PolicySettings = Omit<AccessPackageAssignmentPolicyConfig, "accessPackageId">;

/** The catalog's request settings in the provider's vocabulary. */
function assignmentPolicy(role: BusinessRoleEntry, a: RequestAssignmentSpec, ctx: ConstructContext): PolicySettings {
  const { principals, registry } = ctx;
  const expiry = a.expiry;
  const requestorScope = {
    allMembers: "AllExistingDirectoryMemberUsers",
    allUsers: "AllExistingDirectorySubjects",
    groups: "SpecificDirectorySubjects",
    none: "NoSubjects",
  }[a.requestors.scope];
  const approval = "stages" in a.approval ? a.approval.stages : undefined;
  const review = a.review;
  return {
    displayName: terraformText(`${role.spec.displayName} - request`),
    description: terraformText(`Who may request ${role.spec.displayName}, who approves, and for how long (managed by idac).`),
    ...("afterDays" in expiry ? { durationInDays: expiry.afterDays } : {}),
    ...("onDate" in expiry ? { expirationDate: `${expiry.onDate}T00:00:00Z` } : {}),
    extensionEnabled: a.extensionAllowed,
    requestorSettings: {
      requestsAccepted: a.requestors.scope !== "none",
      scopeType: requestorScope,
      ...(a.requestors.scope === "groups"
        ? { requestor: [...a.requestors.groups].sort().map((g) => ({ subjectType: "GroupMembers", objectId: registry.get("group", g) })) }
        : {}),
    },
    approvalSettings: {
      approvalRequired: approval !== undefined,
      approvalRequiredForExtension: approval !== undefined,
      requestorJustificationRequired: a.requestorJustificationRequired,
      ...(approval
        ? {
            approvalStage: approval.map((stage): AccessPackageAssignmentPolicyApprovalSettingsApprovalStage => ({
              approvalTimeoutInDays: stage.timeoutDays,
              approverJustificationRequired: stage.approverJustificationRequired,
              primaryApprover: [
                ...sortedRefs(stage.approvers).map((r) => subject(principals.approver(r), false)),
                ...sortedRefs(stage.backupApprovers).map((r) => subject(principals.approver(r), true)),
              ],
              ...(stage.escalation
                ? {
                    alternativeApprovalEnabled: true,
                    enableAlternativeApprovalInDays: stage.escalation.afterDays,
                    alternativeApprover: sortedRefs(stage.escalation.approvers).map((r) => subject(principals.approver(r), false)),
                  }
                : { alternativeApprovalEnabled: false }),
            })),
          }
        : {}),
    },
    ...(review
      ? {
          assignmentReviewSettings: {
            enabled: true,
            reviewFrequency: review.frequency,
            reviewType: review.reviewers === "self" ? "Self" : review.reviewers === "manager" ? "Manager" : "Reviewers",
            durationInDays: review.durationDays,
            ...(review.startsOn ? { startingOn: `${review.startsOn}T00:00:00Z` } : {}),
            accessReviewTimeoutBehavior: { keepAccess: "keepAccess", removeAccess: "removeAccess", acceptRecommendation: "acceptAccessRecommendation" }[
              review.whenNoResponse
            ],
            approverJustificationRequired: review.justificationRequired,
            accessRecommendationEnabled: review.recommendations,
            ...(Array.isArray(review.reviewers) ? { reviewer: sortedRefs(review.reviewers).map((r) => subject(principals.approver(r), false)) } : {}),
          },
        }
      : {}),
  };
}

function subject(approver: ResolvedApprover, backup: boolean): { subjectType: string; objectId?: string; backup: boolean } {
  switch (approver.kind) {
    // The provider's validation list and what it reads back (internal/services/identitygovernance/schema.go).
    case "manager":
      return { subjectType: "RequestorManager", backup };
    case "sponsors":
      return { subjectType: "TargetUserSponsors", backup };
    case "user":
      return { subjectType: "SingleUser", objectId: approver.objectId, backup };
    case "group":
      return { subjectType: "GroupMembers", objectId: approver.objectId, backup };
  }
}

/** Approvers and reviewers are sets: emitted in a stable order whatever the order they were written in. */
function sortedRefs(refs: readonly string[]): string[] {
  return [...new Set(refs)].sort();
}

/** Approver and reviewer groups given as constructs become `group:<catalog ID>`, as the catalog writes them. */
function withApproverRefs(props: BusinessRoleProps): object {
  const a = props.assignment;
  if (a?.type !== "request") return props;
  const refs = (list: readonly ApproverRef[] | undefined) => list?.map(approverRef);
  const approval =
    "stages" in a.approval
      ? {
          stages: a.approval.stages.map((s) => ({
            ...s,
            approvers: refs(s.approvers),
            ...(s.backupApprovers ? { backupApprovers: refs(s.backupApprovers) } : {}),
            ...(s.escalation ? { escalation: { ...s.escalation, approvers: refs(s.escalation.approvers) } } : {}),
          })),
        }
      : a.approval;
  const review = a.review && { ...a.review, reviewers: typeof a.review.reviewers === "string" ? a.review.reviewers : refs(a.review.reviewers) };
  return { ...props, assignment: { ...a, approval, ...(review ? { review } : {}) } };
}

/** `group:<id>` for a group construct; a string as written. */
export function approverRef(ref: ApproverRef): string {
  return typeof ref === "string" ? ref : `group:${ref.catalogId}`;
}
