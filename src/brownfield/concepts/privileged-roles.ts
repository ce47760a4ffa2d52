import type { z } from "zod";
import { DIRECTORY_ROLES } from "../../model/directory-role-table";
import { REFRESH_ROLE_TABLE_HINT, ROLE_TABLE_VERSION } from "../../model/directory-roles";
import { daysOf, hoursOf, isoHours, PIM_ACTIVE_ASSIGNMENT_MAXIMUM } from "../../model/graph-values";
import type { PrivilegedRole as RoleEntry } from "../../model/model";
import { pimGroupMailNickname } from "../../resolve/resolve";
import type { PrivilegedRole } from "../../schema/catalog";
import type { GraphSchedule } from "../graph";
import { IdAllocator, isCatalogId, slug } from "../ids";
import { prune, sorted, type GraphView } from "./context";
import { directoryObjects, MISSING_DESCRIPTION, securityGroupBase, type GraphGroup, type TenantGroup } from "./groups";
import { subjectToGraph } from "./private/subjects";

/**
 * Privileged roles through PIM for Groups between Microsoft Graph and the catalog, both directions side by side: a
 * role-assignable group holding one directory role (tenant-wide or on an administrative unit), its members'
 * eligibility and standing assignment schedules, and the rules of its member role's management policy.
 * @see https://learn.microsoft.com/graph/api/resources/privilegedaccessgroupeligibilityschedule
 * @see https://learn.microsoft.com/graph/api/resources/unifiedrolemanagementpolicy
 */

export type PrivilegedRoleFields = Omit<z.input<typeof PrivilegedRole>, "id">;

/**
 * What PIM holds about a role-assignable group, gathered from several Graph collections (an export attaches the
 * same to each such group): the directory roles assigned to it, its members' eligibility and active assignment
 * schedules, and the rules of its member role's management policy, by rule ID.
 */
export interface PimSettings {
  readonly roleAssignments: { roleDefinitionId: string; directoryScopeId: string }[];
  readonly eligibilitySchedules: { accessId: string; memberType?: string; principalId: string; scheduleInfo: { expiration: Record<string, unknown> } }[];
  readonly assignmentSchedules: {
    accessId: string;
    memberType?: string;
    assignmentType: string;
    principalId: string;
    scheduleInfo: { expiration: Record<string, unknown> };
  }[];
  readonly rules: Record<string, Record<string, unknown>>;
}

const ROLE_BY_TEMPLATE = new Map(DIRECTORY_ROLES.map((r) => [r.templateId.toLowerCase(), r.name]));
const ELIGIBILITY_MAX_DAYS = [15, 30, 90, 180, 365];

// ─── Catalog → Graph ─────────────────────────────────────────────────────────────────────────────────────

/** A privileged role as its PIM group, with the PIM settings idac sets, as Graph returns them. */
export function privilegedRoleToGraph(p: Pick<RoleEntry, "id" | "spec" | "directoryRoleTemplateId">, view: GraphView): TenantGroup & { pim: PimSettings } {
  const a = p.spec.activation;
  const expiration = (x: { expires?: string | undefined; durationDays?: number | undefined; permanent?: true | undefined }) =>
    x.permanent
      ? { type: "noExpiration" }
      : x.expires
        ? { type: "afterDateTime", endDateTime: `${x.expires}T00:00:00Z` }
        : { type: "afterDuration", duration: `P${x.durationDays}D` };
  return {
    id: view.objectId("pimGroup", p.id),
    ...securityGroupBase(p.spec.group.displayName, p.spec.group.description, pimGroupMailNickname(p.spec), view),
    isAssignableToRole: true,
    visibility: "Private",
    groupTypes: [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    owners: directoryObjects(p.spec.group.owners, view),
    pim: {
      roleAssignments: [
        {
          roleDefinitionId: p.directoryRoleTemplateId,
          directoryScopeId: p.spec.administrativeUnit ? `/administrativeUnits/${view.objectId("administrativeUnit", p.spec.administrativeUnit)}` : "/",
        },
      ],
      eligibilitySchedules: p.spec.eligible.map((e) => ({
        accessId: "member",
        memberType: "direct",
        principalId: view.user(e.principal).id!,
        scheduleInfo: { expiration: expiration(e) },
      })),
      assignmentSchedules: p.spec.active.map((x) => ({
        accessId: "member",
        memberType: "direct",
        assignmentType: "assigned",
        principalId: view.user(x.principal).id!,
        scheduleInfo: { expiration: expiration(x) },
      })),
      // The member role's policy: the rules idac sets (Entra keeps the notification rules and others as they are).
      rules: {
        Expiration_EndUser_Assignment: {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
          isExpirationRequired: true,
          maximumDuration: isoHours(a.maxDurationHours),
        },
        Enablement_EndUser_Assignment: {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
          enabledRules: [
            ...(a.requireJustification ? ["Justification"] : []),
            ...(a.requireMfa ? ["MultiFactorAuthentication"] : []),
            ...(a.requireTicket ? ["Ticketing"] : []),
          ],
        },
        Approval_EndUser_Assignment: {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
          setting: {
            isApprovalRequired: (a.approvers?.length ?? 0) > 0,
            approvalStages: a.approvers?.length ? [{ primaryApprovers: sorted(a.approvers).map((r) => subjectToGraph(r, view)) }] : [],
          },
        },
        Expiration_Admin_Eligibility: {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
          isExpirationRequired: true,
          maximumDuration: `P${p.spec.eligibilityMaxDays}D`,
        },
        Expiration_Admin_Assignment: {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
          isExpirationRequired: true,
          maximumDuration: PIM_ACTIVE_ASSIGNMENT_MAXIMUM,
        },
        Enablement_Admin_Assignment: {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
          enabledRules: ["Justification", "MultiFactorAuthentication"],
        },
      },
    },
  };
}

// ─── Graph → catalog ─────────────────────────────────────────────────────────────────────────────────────

export interface PimImportContext {
  ref(objectId: string): string | undefined;
  person(id: string): string;
  name(displayName: string): string;
  skip(collection: string, o: { id: string; displayName?: string | null }, reason: string): void;
  /** Object ID → catalog ID of roles the catalog already has. */
  readonly pinned: ReadonlyMap<string, string>;
  /** Name of a directory role: built in, or a role definition of the export. */
  roleName(id: string): string;
  /** The people owning a role's group, with a note when there are none. */
  groupOwners(g: GraphGroup, section: string, id: string): string[];
}

/** PIM settings an export attached to a role-assignable group. */
export function pimOf(g: GraphGroup): (PimSettings & { roleAssignments: { id?: string; roleDefinitionId: string; directoryScopeId: string }[] }) | undefined {
  return (g as { pim?: PimSettings & { roleAssignments: { id?: string; roleDefinitionId: string; directoryScopeId: string }[] } }).pim;
}

/** A privileged role imported from its PIM group, with the group's properties the first plan changes on purpose. */
export interface ImportedPrivilegedRole {
  readonly entry: PrivilegedRoleFields & { id: string };
  readonly updates: readonly string[];
}

/**
 * Privileged roles from PIM for Groups. Eligibility that never ends cannot be expressed (idac requires an end): such
 * a role is listed, to be fixed in PIM first.
 */
export function privilegedRolesFromGraph(groups: readonly GraphGroup[], ctx: PimImportContext): ImportedPrivilegedRole[] {
  const ids = new IdAllocator(ctx.pinned);
  const allocated = ids.allocate(
    groups.map((g) => ({
      objectId: g.id,
      preferred: g.mailNickname?.startsWith("pim-") && isCatalogId(g.mailNickname.slice(4)) ? g.mailNickname.slice(4) : slug(ctx.name(g.displayName), "pim"),
    })),
  );
  return groups.flatMap((g) => {
    const imported = privilegedRoleFromGraph(g, allocated.get(g.id)!, ctx);
    return imported ? [imported] : [];
  });
}

function privilegedRoleFromGraph(g: GraphGroup, id: string, ctx: PimImportContext): ImportedPrivilegedRole | undefined {
  const pim = pimOf(g)!;
  const problems: string[] = [];
  if (pim.roleAssignments.length !== 1) problems.push(`the group holds ${pim.roleAssignments.length} directory roles (an idac PIM group holds one)`);
  const assignment = pim.roleAssignments[0]!;
  const directoryRole = ROLE_BY_TEMPLATE.get(assignment.roleDefinitionId.toLowerCase());
  if (!directoryRole)
    problems.push(
      `role ${ctx.roleName(assignment.roleDefinitionId)} (${assignment.roleDefinitionId}) ` +
        `is unknown to ${ROLE_TABLE_VERSION}: a custom role (idac manages built-in roles), or a ` +
        `role Microsoft added since: ${REFRESH_ROLE_TABLE_HINT}`,
    );
  let administrativeUnit: string | undefined;
  if (assignment.directoryScopeId !== "/") {
    const au = /^\/administrativeUnits\/(.+)$/.exec(assignment.directoryScopeId);
    administrativeUnit = au ? ctx.ref(au[1]!) : undefined;
    if (!administrativeUnit) problems.push(`the role is scoped to ${assignment.directoryScopeId}, which is not an imported administrative unit`);
  }
  const ends = (x: GraphSchedule, what: string): { expires?: string; durationDays?: number; permanent?: true } => {
    const e = x.scheduleInfo?.expiration;
    if (e?.type === "afterDateTime" && e.endDateTime) return { expires: e.endDateTime.slice(0, 10) };
    const d = daysOf(e?.duration);
    if (e?.type === "afterDuration" && d !== undefined && d <= 365) return { durationDays: d };
    if (what === "active" && (!e || e.type === "noExpiration")) return { permanent: true };
    problems.push(`the ${what} schedule of ${ctx.person(x.principalId)} never ends: set an end in PIM, then import again`);
    return {};
  };
  const eligible = pim.eligibilitySchedules.flatMap((x) => {
    if (x.accessId !== "member") {
      problems.push(`${ctx.person(x.principalId)} is eligible as ${x.accessId} of the group (idac manages member eligibility)`);
      return [];
    }
    return [{ principal: ctx.person(x.principalId), ...ends(x as GraphSchedule, "eligibility"), importFrom: (x as GraphSchedule).id.toLowerCase() }];
  });
  const active = (pim.assignmentSchedules as GraphSchedule[])
    .filter((x) => x.accessId === "member" && x.assignmentType === "assigned")
    .map((x) => ({ principal: ctx.person(x.principalId), ...ends(x, "active"), importFrom: x.id.toLowerCase() }));

  const rule = (ruleId: string) => pim.rules[ruleId] as Record<string, unknown> | undefined;
  const activation = rule("Expiration_EndUser_Assignment");
  const enablement = (rule("Enablement_EndUser_Assignment")?.enabledRules as string[] | undefined) ?? [];
  const approval = rule("Approval_EndUser_Assignment")?.setting as
    { isApprovalRequired?: boolean; approvalStages?: { primaryApprovers?: { "@odata.type"?: string; userId?: string; groupId?: string }[] }[] } | undefined;
  const eligibility = rule("Expiration_Admin_Eligibility");
  if (!activation || !eligibility) problems.push("the export holds no role management policy for the group's members");
  const maxDurationHours = activation ? hoursOf(String(activation.maximumDuration)) : undefined;
  if (activation && (maxDurationHours === undefined || maxDurationHours < 0.5 || maxDurationHours > 24 || (maxDurationHours * 2) % 1 !== 0))
    problems.push(`activation duration ${String(activation.maximumDuration)} is not 0.5 to 24 hours in half-hour steps`);
  const maxDays = daysOf(eligibility?.maximumDuration as string | undefined);
  if (eligibility && (!eligibility.isExpirationRequired || maxDays === undefined || !ELIGIBILITY_MAX_DAYS.includes(maxDays)))
    problems.push(
      `eligibility may last ${eligibility.isExpirationRequired ? String(eligibility.maximumDuration) : "forever"} (idac: 15, 30, 90, 180 or 365 days)`,
    );
  let approvers: string[] | undefined;
  if (approval?.isApprovalRequired) {
    if ((approval.approvalStages?.length ?? 0) !== 1)
      problems.push(`activation approval has ${approval.approvalStages?.length ?? 0} stages (PIM for Groups uses one)`);
    approvers = (approval.approvalStages?.[0]?.primaryApprovers ?? []).map((a) => {
      if (a["@odata.type"] === "#microsoft.graph.singleUser" && a.userId) return ctx.person(a.userId);
      if (a["@odata.type"] === "#microsoft.graph.groupMembers" && a.groupId && ctx.ref(a.groupId)) return `group:${ctx.ref(a.groupId)}`;
      problems.push(`activation approver ${a["@odata.type"] ?? "?"} ${a.groupId ?? a.userId ?? ""} cannot be expressed or is not imported`);
      return "";
    });
  }
  if (problems.length) {
    ctx.skip("groups", g, `the PIM group of a privileged role that cannot be imported: ${problems.join("; ")}`);
    return undefined;
  }
  const owners = ctx.groupOwners(g, "privilegedRoles", id);
  const entry = prune({
    id,
    directoryRole: directoryRole!,
    administrativeUnit,
    group: { displayName: ctx.name(g.displayName), description: g.description || MISSING_DESCRIPTION, owners },
    eligible: eligible.length ? eligible.sort((a, b) => a.principal.localeCompare(b.principal)) : undefined,
    activation: {
      maxDurationHours: maxDurationHours!,
      requireMfa: enablement.includes("MultiFactorAuthentication") ? undefined : false,
      requireJustification: enablement.includes("Justification") ? undefined : false,
      requireTicket: enablement.includes("Ticketing") ? true : undefined,
      approvers: approvers?.length ? sorted(approvers) : undefined,
    },
    active: active.length ? active.sort((a, b) => a.principal.localeCompare(b.principal)) : undefined,
    eligibilityMaxDays: maxDays === 90 ? undefined : (maxDays as 15 | 30 | 180 | 365 | undefined),
    importFrom: { group: g.id.toLowerCase(), roleAssignment: (assignment as { id?: string }).id! },
  }) as PrivilegedRoleFields & { id: string };
  // Rules for standing (active) assignments are idac's own whatever the tenant had: at most 15 days, justification
  // and MFA (the catalog has no field for them).
  const updates = [
    ...(g.description ? [] : ["description"]),
    ...(g.visibility ? [] : ["visibility"]),
    "pim.rules.Expiration_Admin_Assignment",
    "pim.rules.Enablement_Admin_Assignment",
  ];
  return { entry, updates };
}
