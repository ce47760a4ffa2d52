import type { RequestAssignmentSpec } from "../../schema/catalog";
import { compileMembershipRule, parseMembershipRule } from "../membership-rule";
import type { HrConditions } from "../../schema/hr-conditions";

/**
 * Automatic assignment of an access package by attribute rule ⇄ a Microsoft Graph v1.0 accessPackageAssignmentPolicy
 * with `allowedTargetScope: specificDirectoryUsers`, one `attributeRuleMembers` target (a dynamic membership rule,
 * compiled from the same HR conditions as dynamic groups) and `automaticRequestSettings`.
 * @see https://learn.microsoft.com/graph/api/entitlementmanagement-post-assignmentpolicies?view=graph-rest-1.0
 */

export const ASSIGNMENT_POLICIES_URL = "identityGovernance/entitlementManagement/assignmentPolicies";

export type AutoAssign = NonNullable<RequestAssignmentSpec["autoAssign"]>;

type JsonObject = { [key: string]: string | number | boolean | null | JsonObject | JsonObject[] };

/** ISO 8601 days, as Graph writes durations (`P7D`). */
export const isoDays = (days: number) => `P${days}D`;

/** The request body of a role's automatic assignment policy. */
export function automaticAssignmentBody(roleDisplayName: string, auto: AutoAssign, accessPackageId: string): JsonObject {
  const rule = compileMembershipRule(auto.when);
  return {
    displayName: `${roleDisplayName} (automatic)`,
    description: `Assigned automatically to people matching the rule; removed ${auto.gracePeriodDays === 0 ? "at once" : `${auto.gracePeriodDays} days`} after they stop matching.`,
    allowedTargetScope: "specificDirectoryUsers",
    specificAllowedTargets: [
      { "@odata.type": "#microsoft.graph.attributeRuleMembers", description: `Automatic assignment rule of ${roleDisplayName}`, membershipRule: rule },
    ],
    automaticRequestSettings: {
      requestAccessForAllowedTargets: true,
      removeAccessWhenTargetLeavesAllowedTargets: true,
      gracePeriodBeforeAccessRemoval: isoDays(auto.gracePeriodDays),
    },
    accessPackage: { id: accessPackageId },
  };
}

/** An automatic assignment policy read from Graph, or why it cannot be represented (naming the property). */
export type ImportedAutoAssign =
  { readonly ok: true; readonly autoAssign: AutoAssign } | { readonly ok: false; readonly property: string; readonly reason: string };

/** Reads a Graph v1.0 assignment policy with automatic request settings back into `autoAssign`, or refuses exactly. */
export function automaticAssignmentFromGraph(json: unknown): ImportedAutoAssign {
  const p = (json ?? {}) as Record<string, unknown>;
  const refuse = (property: string, reason: string): ImportedAutoAssign => ({ ok: false, property, reason });
  if (p.allowedTargetScope !== "specificDirectoryUsers")
    return refuse("allowedTargetScope", `automatic assignment to ${String(p.allowedTargetScope)} is not in the catalog`);
  const targets = (p.specificAllowedTargets ?? []) as { "@odata.type"?: string; membershipRule?: string }[];
  if (targets.length !== 1 || targets[0]!["@odata.type"] !== "#microsoft.graph.attributeRuleMembers")
    return refuse("specificAllowedTargets", "only one attribute rule is in the catalog");
  const parsed = parseMembershipRule(targets[0]!.membershipRule ?? "");
  if ("error" in parsed) return refuse("specificAllowedTargets[0].membershipRule", parsed.error);
  if (!parsed.requiresEnabledAccount)
    return refuse("specificAllowedTargets[0].membershipRule", "the rule does not require an enabled account, which idac always adds");
  const settings = (p.automaticRequestSettings ?? {}) as Record<string, unknown>;
  if (settings.requestAccessForAllowedTargets !== true)
    return refuse("automaticRequestSettings.requestAccessForAllowedTargets", "the policy does not assign automatically");
  if (settings.removeAccessWhenTargetLeavesAllowedTargets !== true)
    return refuse("automaticRequestSettings.removeAccessWhenTargetLeavesAllowedTargets", "access that stays after people stop matching is not in the catalog");
  const grace = /^P(\d+)D$/.exec(String(settings.gracePeriodBeforeAccessRemoval ?? "P0D"));
  if (!grace)
    return refuse(
      "automaticRequestSettings.gracePeriodBeforeAccessRemoval",
      `grace period ${String(settings.gracePeriodBeforeAccessRemoval)} is not whole days`,
    );
  return { ok: true, autoAssign: { when: parsed.conditions as HrConditions, gracePeriodDays: Number(grace[1]) } };
}
