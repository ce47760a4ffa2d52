import { daysOf, hoursOf } from "../../model/graph-values";
import { compares, finding, writes, type ChangeCheck } from "./change";
import { body, bodyUnknown, kindOf } from "./graph-objects";
import { at, isValues, show, stringAt, type Values } from "./values";

// Weakening of the governance objects written through Microsoft Graph: lifecycle workflows (a leaver that does less,
// later or for fewer people), the authentication methods policy (a weak method turned back on, temporary access
// passes that last longer or work more than once, less context in Authenticator), and the PIM rules of directory
// roles (a requirement off, longer activation or eligibility, other approvers). Bodies are read by meaning.

// ─── Lifecycle workflows ─────────────────────────────────────────────────────────────────────────────────

function taskIds(b: Values | undefined): string[] {
  const tasks = at(b, "tasks");
  return (Array.isArray(tasks) ? tasks : [])
    .filter(isValues)
    .filter((t) => t.isEnabled !== false)
    .map((t) => String(t.taskDefinitionId).toLowerCase());
}

function leaverWeakening(before: Values, after: Values | undefined): string[] {
  const out: string[] = [];
  if (!after) return ["the leaver workflow is deleted"];
  const removed = taskIds(before).filter((id) => !taskIds(after).includes(id));
  if (removed.length) out.push(`tasks removed or disabled: ${removed.map((id) => show(id)).join(", ")}`);
  if (before.isEnabled === true && after.isEnabled !== true) out.push("workflow disabled");
  if (before.isSchedulingEnabled === true && after.isSchedulingEnabled !== true) out.push("no longer runs on schedule");
  const ob = Number(at(before, "executionConditions", "trigger", "offsetInDays"));
  const oa = Number(at(after, "executionConditions", "trigger", "offsetInDays"));
  if (Number.isFinite(ob) && (!Number.isFinite(oa) || oa > ob))
    out.push(`runs later: offset ${ob} → ${Number.isFinite(oa) ? oa : "(unset)"} days after the leave date`);
  const rb = stringAt(before, "executionConditions", "scope", "rule");
  const ra = stringAt(after, "executionConditions", "scope", "rule");
  if (rb !== ra) out.push(`scope ${show(rb)} → ${show(ra)} (who it runs for changes: review)`);
  if (after.category !== "leaver") out.push(`category leaver → ${show(after.category)}`);
  return out;
}

/** A leaver workflow must not lose a task, stop, run later, or change whom it runs for without intent. */
const leaverWorkflowNotWeakened: ChangeCheck = (change) => {
  if (change.type !== "msgraph_resource" || kindOf(change) !== "lifecycleWorkflow") return [];
  const before = body(change.before);
  if (!before || before.category !== "leaver") return [];
  if (change.action === "delete") return [finding("weaken-governance", change, `Deletes ${change.what}: leavers it handled keep their access.`)];
  if (!compares(change)) return [];
  if (bodyUnknown(change)) return [finding("weaken-governance", change, `Changes ${change.what} to a body known only after apply (cannot compare: review).`)];
  const reasons = leaverWeakening(before, body(change.after));
  return reasons.length ? [finding("weaken-governance", change, `Weakens ${change.what}: ${reasons.join("; ")}.`)] : [];
};

// ─── Authentication methods ──────────────────────────────────────────────────────────────────────────────

const WEAK_METHODS = new Set(["#microsoft.graph.smsAuthenticationMethodConfiguration", "#microsoft.graph.voiceAuthenticationMethodConfiguration"]);

function methodWeakening(before: Values | undefined, after: Values): string[] {
  const out: string[] = [];
  const type = String(after["@odata.type"] ?? "");
  const was = (path: string[]) => (before ? at(before, ...path) : undefined);
  const now = (path: string[]) => at(after, ...path);
  if (WEAK_METHODS.has(type) && now(["state"]) === "enabled" && was(["state"]) !== "enabled")
    out.push(`${type.includes("sms") ? "text message" : "voice call"} sign-in turned ${before ? "back " : ""}on`);
  if (!WEAK_METHODS.has(type) && before && was(["state"]) === "enabled" && now(["state"]) !== "enabled")
    out.push(`a strong method turned off (state ${show(now(["state"]))})`);
  const smsSignIn = (v: unknown) => (Array.isArray(v) ? v.filter(isValues).some((t) => t.isUsableForSignIn === true) : false);
  if (type.includes("sms") && smsSignIn(now(["includeTargets"])) && !smsSignIn(was(["includeTargets"])))
    out.push("text message codes usable instead of a password");
  if (was(["isUsableOnce"]) === true && now(["isUsableOnce"]) !== true) out.push("temporary access passes usable more than once");
  for (const key of ["maximumLifetimeInMinutes", "defaultLifetimeInMinutes"]) {
    const b = Number(was([key]));
    const a = Number(now([key]));
    if (Number.isFinite(b) && Number.isFinite(a) && a > b) out.push(`temporary access pass ${key} ${b} → ${a}`);
  }
  if (was(["isAttestationEnforced"]) === true && now(["isAttestationEnforced"]) !== true) out.push("passkey attestation no longer enforced");
  if (was(["keyRestrictions", "isEnforced"]) === true && now(["keyRestrictions", "isEnforced"]) !== true) out.push("passkey model restrictions removed");
  for (const f of ["displayAppInformationRequiredState", "displayLocationInformationRequiredState"]) {
    if (was(["featureSettings", f, "state"]) === "enabled" && now(["featureSettings", f, "state"]) !== "enabled") out.push(`Authenticator ${f} turned off`);
  }
  const campaign = ["registrationEnforcement", "authenticationMethodsRegistrationCampaign", "state"];
  if (was(campaign) === "enabled" && now(campaign) !== "enabled") out.push(`registration campaign ${show(now(campaign))}`);
  return out;
}

/**
 * The authentication methods policy is updated, never created: the first apply overwrites the tenant's settings,
 * which the plan does not show, so a first write that turns a weak method on is reported as well.
 */
const authenticationMethodsNotWeakened: ChangeCheck = (change) => {
  if (change.type !== "msgraph_update_resource" || kindOf(change) !== "authenticationMethod" || !writes(change)) return [];
  if (bodyUnknown(change)) return [finding("weaken-governance", change, `Changes ${change.what} to a body known only after apply (cannot compare: review).`)];
  const after = body(change.after);
  if (!after) return [];
  const reasons = methodWeakening(body(change.before), after);
  return reasons.length ? [finding("weaken-governance", change, `Weakens ${change.what}: ${reasons.join("; ")}.`)] : [];
};

// ─── Directory role PIM rules ────────────────────────────────────────────────────────────────────────────

function approversOf(b: Values | undefined): string[] {
  const stages = at(b, "setting", "approvalStages");
  const first = Array.isArray(stages) && isValues(stages[0]) ? stages[0].primaryApprovers : undefined;
  return (Array.isArray(first) ? first : [])
    .filter(isValues)
    .map((a) => String(a.userId ?? a.groupId ?? "?").toLowerCase())
    .sort();
}

function ruleWeakening(before: Values, after: Values): string[] {
  const out: string[] = [];
  const enabled = (v: Values) => (Array.isArray(v.enabledRules) ? v.enabledRules.map(String) : []);
  for (const r of enabled(before)) if (!enabled(after).includes(r)) out.push(`${r} no longer required at activation`);
  if (at(before, "setting", "isApprovalRequired") === true && at(after, "setting", "isApprovalRequired") !== true) out.push("activation approval off");
  const ab = approversOf(before);
  const aa = approversOf(after);
  if (ab.join() !== aa.join()) out.push(`approvers ${show(ab)} → ${show(aa)}`);
  if (before.isExpirationRequired === true && after.isExpirationRequired !== true) out.push("no longer expires");
  const db = stringAt(before, "maximumDuration");
  const da = stringAt(after, "maximumDuration");
  if (db && da && db !== da) {
    const hours = (d: string) => hoursOf(d) ?? (daysOf(d) ?? NaN) * 24;
    const [hb, ha] = [hours(db), hours(da)];
    if (Number.isNaN(hb) || Number.isNaN(ha)) out.push(`maximum duration ${db} → ${da} (cannot compare: review)`);
    else if (ha > hb) out.push(`maximum duration ${db} → ${da}`);
  }
  return out;
}

/**
 * A directory role's PIM rule must not turn a requirement off, allow longer, or change approvers without intent.
 * Its first write replaces the role's current rule, which the plan cannot show: that needs review too.
 */
const directoryRoleRulesNotWeakened: ChangeCheck = (change) => {
  if (change.type !== "msgraph_update_resource" || kindOf(change) !== "directoryRoleRule" || !writes(change)) return [];
  if (change.action === "create")
    return [
      finding("weaken-pim", change, `Creates ${change.what}: it replaces the role's current PIM rule, which the plan cannot show (cannot compare: review).`),
    ];
  if (!compares(change)) return [];
  if (bodyUnknown(change)) return [finding("weaken-pim", change, `Changes ${change.what} to a body known only after apply (cannot compare: review).`)];
  const before = body(change.before);
  const after = body(change.after);
  if (!before || !after) return [];
  const reasons = ruleWeakening(before, after);
  return reasons.length ? [finding("weaken-pim", change, `Weakens ${change.what}: ${reasons.join("; ")}.`)] : [];
};

export const LIFECYCLE_AND_METHODS_CHECKS: readonly ChangeCheck[] = [
  leaverWorkflowNotWeakened,
  authenticationMethodsNotWeakened,
  directoryRoleRulesNotWeakened,
];
