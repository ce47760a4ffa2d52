import { daysOf, hoursOf } from "../../model/graph-values";
import { compares, finding, type ChangeCheck } from "./change";
import { at, boolAt, isValues, show, stringAt, unknownAt, type Values } from "./values";

const POLICY = "azuread_group_role_management_policy";

/** Requirements that must not be turned off: block, attribute, what it means. */
const REQUIREMENTS: readonly [string, string, string][] = [
  ["activation_rules", "require_multifactor_authentication", "activation MFA"],
  ["activation_rules", "require_approval", "activation approval"],
  ["activation_rules", "require_justification", "activation justification"],
  ["activation_rules", "require_ticket_info", "activation ticket"],
  ["eligible_assignment_rules", "expiration_required", "eligible assignments must expire"],
  ["active_assignment_rules", "expiration_required", "active assignments must expire"],
  ["active_assignment_rules", "require_multifactor_authentication", "active assignment MFA"],
  ["active_assignment_rules", "require_justification", "active assignment justification"],
  ["active_assignment_rules", "require_ticket_info", "active assignment ticket"],
];

/** Durations that must not grow: block, attribute, what it means, how to read it in hours. */
const DURATIONS: readonly [string, string, string, (d: string) => number | undefined][] = [
  ["activation_rules", "maximum_duration", "maximum activation", hoursOf],
  ["eligible_assignment_rules", "expire_after", "eligible assignment expiry", (d) => (daysOf(d) ?? NaN) * 24],
  ["active_assignment_rules", "expire_after", "active assignment expiry", (d) => (daysOf(d) ?? NaN) * 24],
];

function approvers(v: Values | undefined): string[] {
  const list = at(v, "activation_rules", "approval_stage", "primary_approver");
  return (Array.isArray(list) ? list : [])
    .filter(isValues)
    .map((a) => `${String(a.type ?? "")}:${String(a.object_id ?? "(known after apply)").toLowerCase()}`)
    .sort();
}

/**
 * What weakens in a PIM for Groups role management policy: a requirement turned off (activation MFA, approval,
 * justification, ticket; expiring eligible or active assignments; active assignment MFA/justification/ticket), a
 * longer maximum activation or expiry, the activation's authentication context removed or changed, and any change of
 * the approval stage's approvers. A value known only after apply is not verified and counts as weakened.
 */
function policyWeakening(before: Values, after: Values, afterUnknown: unknown): string[] {
  const out: string[] = [];
  for (const [block, key, label] of REQUIREMENTS) {
    if (boolAt(before, block, key) !== true) continue;
    if (unknownAt(afterUnknown, block, key)) out.push(`${label} true → (known after apply)`);
    else if (boolAt(after, block, key) !== true) out.push(`${label} true → ${String(boolAt(after, block, key) ?? "(unset)")}`);
  }
  for (const [block, key, label, hours] of DURATIONS) {
    const b = stringAt(before, block, key);
    const a = stringAt(after, block, key);
    if (!b || a === b) continue;
    const hb = hours(b);
    const ha = a === undefined ? undefined : hours(a);
    if (unknownAt(afterUnknown, block, key)) out.push(`${label} ${b} → (known after apply)`);
    else if (a === undefined || ha === undefined || hb === undefined || Number.isNaN(ha) || Number.isNaN(hb))
      out.push(`${label} ${b} → ${a ?? "(unset)"} (cannot compare: review)`);
    else if (ha > hb) out.push(`${label} ${b} → ${a} (${hb} h → ${ha} h)`);
  }
  const contextBefore = stringAt(before, "activation_rules", "required_conditional_access_authentication_context");
  const contextAfter = stringAt(after, "activation_rules", "required_conditional_access_authentication_context");
  if (contextBefore && contextAfter !== contextBefore) out.push(`activation authentication context ${show(contextBefore)} → ${show(contextAfter)}`);
  const ab = approvers(before);
  const aa = approvers(after);
  if (ab.join() !== aa.join() || unknownAt(afterUnknown, "activation_rules", "approval_stage")) out.push(`approvers ${show(ab)} → ${show(aa)}`);
  return out;
}

const pimPolicyNotWeakened: ChangeCheck = (change) => {
  if (change.type !== POLICY || !compares(change)) return [];
  const reasons = policyWeakening(change.before, change.after, change.afterUnknown);
  return reasons.length ? [finding("weaken-pim", change, `Weakens ${change.what}: ${reasons.join("; ")}.`)] : [];
};

/**
 * A policy resource created for a group that already exists (its ID is known at plan time) overwrites that group's
 * current policy, which the plan does not show: nothing to compare with, so it needs review. A policy for a group
 * created in the same plan (ID known only after apply) starts from the tenant default and is not a downgrade.
 */
const pimPolicyAdoptsExisting: ChangeCheck = (change) => {
  if (change.type !== POLICY || change.action !== "create" || unknownAt(change.afterUnknown, "group_id") || !stringAt(change.after, "group_id")) return [];
  return [
    finding(
      "weaken-pim",
      change,
      `Creates ${change.what} for existing group ` +
        `${show(stringAt(change.after, "group_id"))}: it replaces that group's current PIM ` +
        `settings, which the plan cannot show (cannot compare: review).`,
    ),
  ];
};

export const PIM_POLICY_CHECKS: readonly ChangeCheck[] = [pimPolicyNotWeakened, pimPolicyAdoptsExisting];
