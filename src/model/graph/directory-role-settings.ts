import type { z } from "zod";
import type { DirectoryRoleSetting as SettingEntry } from "../../schema/catalog";
import { daysOf, hoursOf, isoHours } from "../graph-values";
import type { DirectoryRoleSetting } from "../model";

/** The rules of a directory role's PIM policy that idac sets; Entra keeps the others (notifications …) as they are. */
export const DIRECTORY_ROLE_RULES = [
  "Expiration_EndUser_Assignment",
  "Enablement_EndUser_Assignment",
  "Approval_EndUser_Assignment",
  "Expiration_Admin_Eligibility",
] as const;
export type DirectoryRoleRuleId = (typeof DIRECTORY_ROLE_RULES)[number];

const ELIGIBILITY_MAX_DAYS = [15, 30, 90, 180, 365] as const;

/** An activation approver as Graph needs it: a user or a group object ID. */
export type ApproverObject = { kind: "user" | "group"; id: string };

export interface RoleRuleReferences {
  approver(ref: string): ApproverObject;
}

/**
 * How idac finds the PIM policy of a directory role: the policy assignment at the tenant scope. Entra creates one per
 * built-in role; the policy ID differs per tenant, so it is read when Terraform plans.
 * @see https://learn.microsoft.com/graph/api/policyroot-list-rolemanagementpolicyassignments
 */
export function directoryRolePolicyQuery(roleTemplateId: string): { url: string; filter: string } {
  return {
    url: "policies/roleManagementPolicyAssignments",
    filter: `scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${roleTemplateId.toLowerCase()}'`,
  };
}

/** The URL of one rule of a policy (relative to v1.0). */
export function roleRuleUrl(policyId: string, rule: DirectoryRoleRuleId): string {
  return `policies/roleManagementPolicies/${policyId}/rules/${rule}`;
}

/**
 * The PATCH body of each rule idac sets, from the catalog entry (the same fields as a PIM group's activation).
 * @see https://learn.microsoft.com/graph/api/unifiedrolemanagementpolicyrule-update
 */
export function directoryRoleRuleBodies(d: DirectoryRoleSetting, refs: RoleRuleReferences): Record<DirectoryRoleRuleId, Record<string, unknown>> {
  const a = d.spec.activation;
  const target = (caller: "EndUser" | "Admin", level: "Assignment" | "Eligibility") => ({
    caller,
    operations: ["All"],
    level,
    inheritableSettings: [],
    enforcedSettings: [],
  });
  const approvers = [...(a.approvers ?? [])].sort().map((r) => {
    const o = refs.approver(r);
    return o.kind === "user"
      ? { "@odata.type": "#microsoft.graph.singleUser", userId: o.id }
      : { "@odata.type": "#microsoft.graph.groupMembers", groupId: o.id };
  });
  return {
    Expiration_EndUser_Assignment: {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_EndUser_Assignment",
      isExpirationRequired: true,
      maximumDuration: isoHours(a.maxDurationHours),
      target: target("EndUser", "Assignment"),
    },
    Enablement_EndUser_Assignment: {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_EndUser_Assignment",
      enabledRules: [
        ...(a.requireJustification ? ["Justification"] : []),
        ...(a.requireMfa ? ["MultiFactorAuthentication"] : []),
        ...(a.requireTicket ? ["Ticketing"] : []),
      ],
      target: target("EndUser", "Assignment"),
    },
    Approval_EndUser_Assignment: {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
      id: "Approval_EndUser_Assignment",
      target: target("EndUser", "Assignment"),
      setting: {
        isApprovalRequired: approvers.length > 0,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: "SingleStage",
        approvalStages: approvers.length
          ? [
              {
                approvalStageTimeOutInDays: 1,
                isApproverJustificationRequired: true,
                escalationTimeInMinutes: 0,
                isEscalationEnabled: false,
                primaryApprovers: approvers,
                escalationApprovers: [],
              },
            ]
          : [],
      },
    },
    Expiration_Admin_Eligibility: {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_Admin_Eligibility",
      isExpirationRequired: true,
      maximumDuration: `P${d.spec.eligibilityMaxDays}D`,
      target: target("Admin", "Eligibility"),
    },
  };
}

// ─── Graph → catalog ─────────────────────────────────────────────────────────────────────────────────────

export interface RoleRuleImportContext {
  /** A user's catalog reference (UPN) by object ID. */
  person(objectId: string): string;
  groupRef(objectId: string): string | undefined;
}

type SettingInput = z.input<typeof SettingEntry>;

/**
 * A catalog entry from a directory role's policy rules (Graph v1.0 unifiedRoleManagementPolicyRule JSON, by rule
 * ID), or the reasons it cannot be expressed, each naming the rule and property.
 */
export function directoryRoleSettingFromGraph(
  rules: Readonly<Record<string, Record<string, unknown>>>,
  id: string,
  directoryRole: string,
  ctx: RoleRuleImportContext,
): { entry: SettingInput; refusals: [] } | { entry?: undefined; refusals: string[] } {
  const refusals: string[] = [];
  const rule = (r: DirectoryRoleRuleId) => (Object.hasOwn(rules, r) ? rules[r] : undefined);
  const expiration = rule("Expiration_EndUser_Assignment");
  const enablement = (rule("Enablement_EndUser_Assignment")?.enabledRules as string[] | undefined) ?? [];
  const approval = rule("Approval_EndUser_Assignment")?.setting as
    { isApprovalRequired?: boolean; approvalStages?: { primaryApprovers?: { "@odata.type"?: string; userId?: string; groupId?: string }[] }[] } | undefined;
  const eligibility = rule("Expiration_Admin_Eligibility");
  for (const r of DIRECTORY_ROLE_RULES) if (!rule(r)) refusals.push(`rule ${r} is missing from the export`);
  const hours = expiration ? hoursOf(String(expiration.maximumDuration)) : undefined;
  if (expiration && (hours === undefined || hours < 0.5 || hours > 24 || (hours * 2) % 1 !== 0))
    refusals.push(`Expiration_EndUser_Assignment.maximumDuration ${String(expiration.maximumDuration)} is not 0.5 to 24 hours in half-hour steps`);
  const days = daysOf(eligibility?.maximumDuration as string | undefined);
  if (eligibility && (!eligibility.isExpirationRequired || days === undefined || !(ELIGIBILITY_MAX_DAYS as readonly number[]).includes(days)))
    refusals.push(
      `Expiration_Admin_Eligibility: eligibility may last ${eligibility.isExpirationRequired ? String(eligibility.maximumDuration) : "forever"} (idac: 15, 30, 90, 180 or 365 days)`,
    );
  let approvers: string[] | undefined;
  if (approval?.isApprovalRequired) {
    if ((approval.approvalStages?.length ?? 0) !== 1)
      refusals.push(`Approval_EndUser_Assignment.setting.approvalStages has ${approval.approvalStages?.length ?? 0} stages (idac: one)`);
    approvers = (approval.approvalStages?.[0]?.primaryApprovers ?? []).flatMap((p, i) => {
      if (p["@odata.type"] === "#microsoft.graph.singleUser" && p.userId) return [ctx.person(p.userId)];
      const g = p["@odata.type"] === "#microsoft.graph.groupMembers" && p.groupId ? ctx.groupRef(p.groupId) : undefined;
      if (g) return [`group:${g}`];
      refusals.push(
        `Approval_EndUser_Assignment primaryApprovers[${i}] (${p["@odata.type"] ?? "?"} ${p.groupId ?? p.userId ?? ""}) is not a user or a catalog group`,
      );
      return [];
    });
  }
  if (refusals.length) return { refusals };
  const entry: SettingInput = {
    id,
    directoryRole,
    activation: {
      maxDurationHours: hours!,
      ...(enablement.includes("MultiFactorAuthentication") ? {} : { requireMfa: false }),
      ...(enablement.includes("Justification") ? {} : { requireJustification: false }),
      ...(enablement.includes("Ticketing") ? { requireTicket: true } : {}),
      ...(approvers?.length ? { approvers: [...approvers].sort() } : {}),
    },
    ...(days === 90 ? {} : { eligibilityMaxDays: days as 15 | 30 | 180 | 365 }),
  };
  return { entry, refusals: [] };
}
