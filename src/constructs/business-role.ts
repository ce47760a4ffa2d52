import { Construct } from "constructs";
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
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { byId, type BusinessRole } from "../model/model";
import { roleGroupMailNickname } from "../resolve/resolve";
import { roleAdoption } from "../model/adoption";
import type { RequestAssignmentSpec } from "../schema/catalog";
import type { ConstructContext } from "./context";
import { ROLE_GROUP_PREFIX } from "../model/graph-values";
import type { ResolvedApprover } from "./principals";

/** Display name of a business role's group. */
export function roleGroupDisplayName(roleDisplayName: string): string {
  return `${ROLE_GROUP_PREFIX}${roleDisplayName}`;
}

/**
 * The group that stands for a business role: people who hold the role are its members, and the role's
 * entitlements are granted to the group. Birthright roles get a dynamic group from their HR conditions (joiners
 * get access from their HR record, movers are re-evaluated, leavers drop out); requestable roles get a group whose
 * membership the access package manages (`azuread_group_without_members`, so idac never removes assignees).
 */
export class RoleGroup extends Construct {
  static fromModel(scope: Construct, role: BusinessRole, ctx: ConstructContext): RoleGroup {
    return new RoleGroup(scope, `role-group-${role.id}`, role, ctx);
  }

  public readonly groupObjectId: string;

  constructor(scope: Construct, id: string, role: BusinessRole, ctx: ConstructContext) {
    super(scope, id);
    const name = currentLogicalId("roleGroup", role);
    const common = {
      displayName: ctx.view.displayName(roleGroupDisplayName(role.spec.displayName)),
      description: role.spec.description,
      securityEnabled: true,
      mailEnabled: false,
      mailNickname: roleGroupMailNickname(role.spec),
      visibility: "Private",
      owners: ctx.principals.userObjectIds(role.spec.owners),
      preventDuplicateNames: true,
    };
    const resource =
      role.spec.assignment?.type === "birthright"
        ? new AzureadGroup(this, name, { ...common, types: ["DynamicMembership"], dynamicMembership: { enabled: true, rule: role.membershipRule! } })
        : new GroupWithoutMembers(this, name, common);
    identify(resource, ctx.refactoring, "roleGroup", role);
    adopt(resource, { spec: { importFrom: roleAdoption(role.spec)?.group } });
    this.groupObjectId = resource.objectId;
    ctx.registry.set("roleGroup", role.id, this.groupObjectId);
  }
}

/**
 * What a business role grants and how it is obtained: its role group nested into each effective group that idac
 * does not manage the membership of (managed groups list role groups in their own `members`), an app role
 * assignment per effective app role, and for requestable roles an access package with the role group as its
 * resource and one assignment policy (requestors, approval stages, expiry, extension, recurring review).
 */
export class BusinessRoleAccess extends Construct {
  static fromModel(scope: Construct, role: BusinessRole, ctx: ConstructContext): BusinessRoleAccess {
    return new BusinessRoleAccess(scope, `role-access-${role.id}`, role, ctx);
  }

  /** ID of the role's access package, for requestable roles. */
  public readonly accessPackageId?: string;

  constructor(scope: Construct, id: string, role: BusinessRole, ctx: ConstructContext) {
    super(scope, id);
    const { registry, principals, view } = ctx;
    const roleGroup = registry.get("roleGroup", role.id);
    const adoption = roleAdoption(role.spec);
    const adopted = adoption?.group.toLowerCase();

    for (const groupId of role.effectiveGroups) {
      const group = byId(view.catalog.groups, groupId);
      if (group.spec.membership.type === "assigned" && !group.spec.membership.managed) {
        const member = new GroupMember(this, currentLogicalId("groupMember", group, "role", role), { groupObjectId: registry.get("group", groupId), memberObjectId: roleGroup });
        identify(member, ctx.refactoring, "groupMember", group, "role", role);
        if (adopted && group.spec.importFrom) member.importFrom(`${group.spec.importFrom.toLowerCase()}/member/${adopted}`);
      }
    }

    for (const grant of role.effectiveAppRoles) {
      const assignment = new AppRoleAssignment(this, currentLogicalId("roleAppRole", role, grant.application, grant.appRole), {
        appRoleId: grant.appRoleId,
        principalObjectId: roleGroup,
        resourceObjectId: principals.servicePrincipalObjectId(byId(view.catalog.applications, grant.application)),
      });
      identify(assignment, ctx.refactoring, "roleAppRole", role, grant.application, grant.appRole);
      const existing = adoption?.appRoleAssignments?.[`${grant.application}/${grant.appRole}`];
      if (existing) {
        const [servicePrincipal, id] = existing.split("/");
        assignment.importFrom(`/servicePrincipals/${servicePrincipal!.toLowerCase()}/appRoleAssignedTo/${id}`);
      }
    }

    const assignment = role.spec.assignment;
    if (assignment?.type !== "request") return;
    const catalogId = registry.get("accessPackageCatalog", assignment.catalog);
    const catalog = byId(view.catalog.accessPackageCatalogs, assignment.catalog);

    const accessPackage = new AccessPackage(this, currentLogicalId("accessPackage", role), {
      catalogId,
      displayName: view.displayName(role.spec.displayName),
      description: role.spec.description,
      hidden: assignment.hidden,
      lifecycle: { preventDestroy: true },
    });
    identify(accessPackage, ctx.refactoring, "accessPackage", role);
    if (adoption?.accessPackage) accessPackage.importFrom(adoption.accessPackage.toLowerCase());
    this.accessPackageId = accessPackage.id;

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
  }
}

type PolicySettings = Omit<AccessPackageAssignmentPolicyConfig, "accessPackageId">;

/** The catalog's request settings in the provider's vocabulary. */
function assignmentPolicy(role: BusinessRole, a: RequestAssignmentSpec, ctx: ConstructContext): PolicySettings {
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
    displayName: `${role.spec.displayName} - request`,
    description: `Who may request ${role.spec.displayName}, who approves, and for how long (managed by idac).`,
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
            approvalStage: approval.map(
              (stage): AccessPackageAssignmentPolicyApprovalSettingsApprovalStage => ({
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
              }),
            ),
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
            accessReviewTimeoutBehavior: { keepAccess: "keepAccess", removeAccess: "removeAccess", acceptRecommendation: "acceptAccessRecommendation" }[review.whenNoResponse],
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
