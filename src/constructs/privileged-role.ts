import { createHash } from "node:crypto";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { z } from "zod";
import { DirectoryRoleAssignment } from "@cdktf/provider-azuread/lib/directory-role-assignment";
import { GroupRoleManagementPolicy } from "@cdktf/provider-azuread/lib/group-role-management-policy";
import { GroupWithoutMembers } from "@cdktf/provider-azuread/lib/group-without-members";
import { PrivilegedAccessGroupAssignmentSchedule } from "@cdktf/provider-azuread/lib/privileged-access-group-assignment-schedule";
import { PrivilegedAccessGroupEligibilitySchedule } from "@cdktf/provider-azuread/lib/privileged-access-group-eligibility-schedule";
import { pimAdoption } from "../model/adoption";
import { findDirectoryRole } from "../model/directory-roles";
import { isoHours, PIM_ACTIVE_ASSIGNMENT_MAXIMUM } from "../model/graph-values";
import type { PrivilegedRole as PrivilegedRoleEntry } from "../model/model";
import { pimGroupMailNickname } from "../resolve/resolve";
import { resolvePrivilegedRole } from "../resolve/single-entry";
import { PrivilegedRole as PrivilegedRoleSchema } from "../schema/catalog";
import type { AdministrativeUnit } from "./administrative-unit";
import { approverRef, type ApproverRef } from "./business-role";
import { contextOf } from "./context";
import { DirectoryRoleActivation } from "./directory-role-activation";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { addProblem, parseProps, RESOLVED, type MaybeResolved, type Ref } from "./private/props";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof PrivilegedRoleSchema>;

export interface PrivilegedRoleProps extends MaybeResolved<PrivilegedRoleEntry> {
  /** Built-in directory role: its name (any case), e.g. `"User Administrator"`, or its role template ID. */
  readonly directoryRole: string;
  /** Scope the role to this administrative unit instead of the tenant. @default the whole tenant (`/`) */
  readonly administrativeUnit?: Ref<AdministrativeUnit>;
  /** The role-assignable PIM group: display name (the environment's prefix is added), description, owners (UPNs or object IDs). */
  readonly group: Input["group"];
  /** People eligible to activate: `{ principal, expires | durationDays, justification? }`; eligibility always ends. @default [] */
  readonly eligible?: Input["eligible"];
  /**
   * Activation settings. `maxDurationHours` (0.5 to 24, half-hour steps) is required; `requireMfa` @default true,
   * `requireJustification` @default true, `requireTicket` @default false, `approvers` @default none (no approval).
   */
  readonly activation: Omit<Input["activation"], "approvers"> & { readonly approvers?: readonly ApproverRef[] };
  /** Standing members (a guardrail finding in the catalog): `{ principal, expires | durationDays | permanent }`. @default [] */
  readonly active?: Input["active"];
  /** Longest eligibility PIM allows for new assignments: 15, 30, 90, 180 or 365 days. @default 90 */
  readonly eligibilityMaxDays?: Input["eligibilityMaxDays"];
  /** IDs the role had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** The existing PIM group's object ID, or `{ group, roleAssignment }`. @default none: new objects are created */
  readonly importFrom?: Input["importFrom"];
}

/**
 * A directory role granted only through PIM for Groups:
 * - a role-assignable security group (`azuread_group_without_members`: PIM adds and removes active members
 *   when people activate, so idac must never reconcile the membership);
 * - an assignment of the directory role to that group, at tenant scope or on an administrative unit
 *   (never to a user);
 * - an eligibility schedule per eligible person, always with an end (a date or a duration);
 * - the group's role management policy for members: activation maximum duration, MFA, justification, ticket
 *   and approval, and eligibility that must expire.
 * The group, the role assignment and the policy are protected from destroy. The directory role is activated in the
 * same stack when nothing activated it yet.
 * @see https://learn.microsoft.com/entra/id-governance/privileged-identity-management/concept-pim-for-groups
 */
export class PrivilegedRole extends Construct {
  static fromModel(scope: Construct, role: PrivilegedRoleEntry): PrivilegedRole {
    return new PrivilegedRole(scope, role.id, { ...role.spec, [RESOLVED]: role });
  }

  /** The catalog ID: decides the Terraform addresses (`pim__<id>`, `role_assignment__<id>`, …). */
  public readonly catalogId: string;
  /** Object ID of the role-assignable group that holds the directory role. */
  public readonly groupObjectId: string;

  /** @param id the catalog ID; the construct's node is `privileged-role-<id>` */
  constructor(scope: Construct, id: string, props: PrivilegedRoleProps) {
    super(scope, `privileged-role-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const input = {
      ...props,
      activation: { ...props.activation, ...(props.activation?.approvers ? { approvers: props.activation.approvers.map(approverRef) } : {}) },
      id,
    };
    const role = props[RESOLVED] ?? parseProps(this, PrivilegedRoleSchema, input, resolvePrivilegedRole);
    if (!role) {
      this.groupObjectId = "";
      return;
    }
    const { spec } = role;
    const { view, principals, registry } = ctx;
    if (!registry.has("directoryRole", role.directoryRoleTemplateId))
      DirectoryRoleActivation.fromModel(TerraformStack.of(this), findDirectoryRole(spec.directoryRole).role!);
    if (spec.administrativeUnit && !registry.has("administrativeUnit", spec.administrativeUnit)) {
      addProblem(this, `administrative unit '${spec.administrativeUnit}' is not declared in this environment (declare it before the role).`);
      this.groupObjectId = "";
      return;
    }
    if (!props[RESOLVED]) registry.setEntry("privilegedRole", role, this);

    const group = new GroupWithoutMembers(this, currentLogicalId("pimGroup", role), {
      displayName: terraformText(view.displayName(spec.group.displayName)),
      description: terraformText(spec.group.description),
      securityEnabled: true,
      mailEnabled: false,
      mailNickname: terraformText(pimGroupMailNickname(role.spec)),
      assignableToRole: true,
      visibility: "Private",
      owners: principals.userObjectIds(spec.group.owners),
      preventDuplicateNames: true,
      lifecycle: { preventDestroy: true },
    });
    identify(group, ctx.refactoring, "pimGroup", role);
    const adoption = pimAdoption(spec);
    const adopted = adoption?.group.toLowerCase();
    adopt(group, { spec: { importFrom: adopted } });
    this.groupObjectId = group.objectId;
    registry.set("pimGroup", role.id, this.groupObjectId);

    const assignment = new DirectoryRoleAssignment(this, currentLogicalId("roleAssignment", role), {
      roleId: registry.get("directoryRole", role.directoryRoleTemplateId),
      principalObjectId: this.groupObjectId,
      directoryScopeId: spec.administrativeUnit ? `/administrativeUnits/${registry.get("administrativeUnit", spec.administrativeUnit)}` : "/",
      lifecycle: { preventDestroy: true },
    });
    identify(assignment, ctx.refactoring, "roleAssignment", role);
    if (adoption?.roleAssignment) assignment.importFrom(adoption.roleAssignment);

    const a = spec.activation;
    const approvers = [...new Set(a.approvers ?? [])].sort().map((r) => principals.approver(r));
    const policy = new GroupRoleManagementPolicy(this, currentLogicalId("pimPolicy", role), {
      groupId: this.groupObjectId,
      roleId: "member",
      activationRules: {
        maximumDuration: isoHours(a.maxDurationHours),
        requireMultifactorAuthentication: a.requireMfa,
        requireJustification: a.requireJustification,
        requireTicketInfo: a.requireTicket,
        requireApproval: approvers.length > 0,
        ...(approvers.length
          ? {
              approvalStage: {
                primaryApprover: approvers.map((p) => {
                  if (p.kind === "manager" || p.kind === "sponsors")
                    throw new Error(`internal: ${p.kind} cannot approve PIM activations (the schema refuses it)`);
                  return { objectId: p.objectId, type: p.kind === "group" ? "groupMembers" : "singleUser" };
                }),
              },
            }
          : {}),
      },
      eligibleAssignmentRules: { expirationRequired: true, expireAfter: `P${spec.eligibilityMaxDays}D` },
      activeAssignmentRules: {
        expirationRequired: true,
        expireAfter: PIM_ACTIVE_ASSIGNMENT_MAXIMUM,
        requireMultifactorAuthentication: true,
        requireJustification: true,
      },
      lifecycle: { preventDestroy: true },
    });
    identify(policy, ctx.refactoring, "pimPolicy", role);

    for (const e of spec.eligible) {
      const person = view.person(e.principal);
      const eligibility = new PrivilegedAccessGroupEligibilitySchedule(this, currentLogicalId("eligibility", role, principalKey(person)), {
        groupId: this.groupObjectId,
        principalId: principals.userObjectId(e.principal),
        assignmentType: "member",
        ...(e.expires ? { expirationDate: `${e.expires}T00:00:00Z` } : { duration: `P${e.durationDays}D` }),
        justification: terraformText(e.justification ?? `Eligible for ${spec.directoryRole} through idac (${role.id})`),
        permanentAssignment: false,
      });
      identify(eligibility, ctx.refactoring, "eligibility", role, principalKey(person));
      // azuread 3.7.0 schedule import ID: {GroupId}_{member|owner}_{ScheduleId}
      if (adopted && e.importFrom) eligibility.importFrom(scheduleImportId(adopted, e.importFrom));
    }

    // Standing membership: declared, but every one is a guardrail finding (IDAC-PRIV-001).
    for (const a of spec.active) {
      const person = view.person(a.principal);
      const assignment = new PrivilegedAccessGroupAssignmentSchedule(this, currentLogicalId("activeAssignment", role, principalKey(person)), {
        groupId: this.groupObjectId,
        principalId: principals.userObjectId(a.principal),
        assignmentType: "member",
        ...(a.permanent ? { permanentAssignment: true } : a.expires ? { expirationDate: `${a.expires}T00:00:00Z` } : { duration: `P${a.durationDays}D` }),
        justification: terraformText(a.justification ?? `Active ${spec.directoryRole} through idac (${role.id})`),
      });
      identify(assignment, ctx.refactoring, "activeAssignment", role, principalKey(person));
      if (adopted && a.importFrom) assignment.importFrom(scheduleImportId(adopted, a.importFrom));
    }
  }
}

/**
 * Import ID of a PIM for Groups schedule (azuread 3.7.0): the schedule's ID as Graph returns it,
 * `{GroupId}_{member|owner}_{ID}`, or that form built from a bare ID.
 */
function scheduleImportId(group: string, schedule: string): string {
  return schedule.includes("_") ? schedule.toLowerCase() : `${group}_member_${schedule.toLowerCase()}`;
}

/** Readable, unique and stable key for a person in a logical ID. */
function principalKey(person: string): string {
  const readable =
    person
      .replace(/@.*$/, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "user";
  return `${readable}-${createHash("sha256").update(person).digest("hex").slice(0, 8)}`;
}
