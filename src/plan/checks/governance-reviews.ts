import { compares, finding, type ChangeCheck, type PlannedChange } from "./change";
import { body, bodyUnknown, kindOf } from "./graph-objects";
import { at, show, unknownAt, type Values } from "./values";

// Weakening of access reviews, request-time segregation of duties and automatic assignment (Microsoft Graph objects
// in the governance stack): a review removed, made less frequent, its default decision loosened or no longer applied;
// an incompatibility between access packages or groups removed; an automatic assignment that reaches more people or
// keeps access longer. Bodies are read by meaning; a body known only after apply cannot be compared and trips.

const removes = (c: PlannedChange) => c.action === "delete" || (c.action === "replace" && !c.after);

/** Days between review rounds, from Graph's recurrence pattern (weekly 7, absoluteMonthly n → 30·n, absoluteYearly n → 365·n). */
function periodDays(b: Values | undefined): number | undefined {
  const type = at(b, "settings", "recurrence", "pattern", "type");
  const interval = Number(at(b, "settings", "recurrence", "pattern", "interval") ?? 1);
  const unit = type === "weekly" ? 7 : type === "absoluteMonthly" || type === "relativeMonthly" ? 30 : type === "absoluteYearly" ? 365 : undefined;
  return unit === undefined || !Number.isFinite(interval) ? undefined : unit * interval;
}

/** How strict a default decision is: removing access is strictest, keeping it loosest. */
function decisionRank(b: Values | undefined): number {
  if (at(b, "settings", "defaultDecisionEnabled") !== true) return 1;
  const d = at(b, "settings", "defaultDecision");
  return d === "Deny" ? 3 : d === "Recommendation" ? 2 : d === "Approve" ? 0 : 1;
}
const DECISION = ["keeps access (Approve)", "decides nothing", "follows recommendations", "removes access (Deny)"];

function reviewWeakening(before: Values, after: Values): string[] {
  const out: string[] = [];
  const pb = periodDays(before);
  const pa = periodDays(after);
  if (pb !== undefined && (pa === undefined || pa > pb)) out.push(`less frequent: every ${pb} → ${pa ?? "(unknown)"} days`);
  const db = decisionRank(before);
  const da = decisionRank(after);
  if (da < db) out.push(`on no response: ${DECISION[db]} → ${DECISION[da]}`);
  if (at(before, "settings", "autoApplyDecisionsEnabled") === true && at(after, "settings", "autoApplyDecisionsEnabled") !== true)
    out.push("decisions no longer applied automatically");
  if (at(before, "settings", "justificationRequiredOnApproval") === true && at(after, "settings", "justificationRequiredOnApproval") !== true)
    out.push("reviewers no longer say why they approve");
  const qb = at(before, "scope", "query");
  const qa = at(after, "scope", "query");
  if (qb !== qa) out.push(`reviews something else: ${show(qb)} → ${show(qa)}`);
  const rb = JSON.stringify(at(before, "reviewers") ?? []);
  const ra = JSON.stringify(at(after, "reviewers") ?? []);
  if (rb !== ra) out.push("other reviewers (review who decides)");
  const ib = Number(at(before, "settings", "instanceDurationInDays"));
  const ia = Number(at(after, "settings", "instanceDurationInDays"));
  if (Number.isFinite(ib) && Number.isFinite(ia) && ia > ib) out.push(`rounds last longer: ${ib} → ${ia} days`);
  return out;
}

/** An access review is not deleted, made less frequent, loosened or pointed elsewhere without intent. */
const accessReviewNotWeakened: ChangeCheck = (change) => {
  if (change.type !== "msgraph_resource" || kindOf(change) !== "accessReview") return [];
  if (removes(change)) return [finding("weaken-governance", change, `Deletes ${change.what}: nobody reviews that access any more.`)];
  if (!compares(change)) return [];
  const before = body(change.before);
  if (!before) return [];
  if (bodyUnknown(change)) return [finding("weaken-governance", change, `Changes ${change.what} to a body known only after apply (cannot compare: review).`)];
  const after = body(change.after);
  const reasons = after ? reviewWeakening(before, after) : ["its body is removed"];
  return reasons.length ? [finding("weaken-governance", change, `Weakens ${change.what}: ${reasons.join("; ")}.`)] : [];
};

/** An incompatibility between access packages, or of a package with groups, is not removed without intent. */
const incompatibilityNotRemoved: ChangeCheck = (change) => {
  const kind = kindOf(change);
  if (change.type === "msgraph_resource" && kind === "incompatiblePackage") {
    if (removes(change)) return [finding("weaken-governance", change, `Removes ${change.what}: one person can hold both packages again.`)];
    return [];
  }
  if (change.type !== "msgraph_resource_collection" || kind !== "incompatibleGroups") return [];
  if (removes(change)) return [finding("weaken-governance", change, `Removes ${change.what}: members of those groups can request the package again.`)];
  if (!compares(change)) return [];
  if (change.afterUnknown === true || unknownAt(change.afterUnknown, "reference_ids"))
    return [finding("weaken-governance", change, `Changes ${change.what} to groups known only after apply (cannot compare: review).`)];
  const b = (at(change.before, "reference_ids") ?? []) as unknown[];
  const a = new Set((at(change.after, "reference_ids") ?? []) as unknown[]);
  const gone = b.filter((id) => !a.has(id));
  return gone.length ? [finding("weaken-governance", change, `Narrows ${change.what}: no longer incompatible with ${gone.map(show).join(", ")}.`)] : [];
};

/** An automatic assignment does not reach more people or keep access longer without intent. */
const automaticAssignmentNotWidened: ChangeCheck = (change) => {
  if (change.type !== "msgraph_resource" || kindOf(change) !== "autoAssignment" || !compares(change)) return [];
  const before = body(change.before);
  if (!before) return [];
  if (bodyUnknown(change)) return [finding("weaken-governance", change, `Changes ${change.what} to a body known only after apply (cannot compare: review).`)];
  const after = body(change.after);
  const out: string[] = [];
  // The whole target list: a second target, or a rule changed in any way, changes who receives the package.
  const rule = (v: Values | undefined) => JSON.stringify(v?.specificAllowedTargets ?? null);
  if (rule(before) !== rule(after)) out.push(`who receives it changes: ${show(rule(before))} → ${show(rule(after))}`);
  if (
    at(before, "automaticRequestSettings", "removeAccessWhenTargetLeavesAllowedTargets") === true &&
    at(after, "automaticRequestSettings", "removeAccessWhenTargetLeavesAllowedTargets") !== true
  )
    out.push("access no longer removed when people stop matching");
  const days = (v: Values | undefined) => Number(/^P(\d+)D$/.exec(String(at(v, "automaticRequestSettings", "gracePeriodBeforeAccessRemoval") ?? ""))?.[1]);
  if (Number.isFinite(days(before)) && Number.isFinite(days(after)) && days(after) > days(before))
    out.push(`kept ${days(before)} → ${days(after)} days after people stop matching`);
  return out.length ? [finding("weaken-governance", change, `Widens ${change.what}: ${out.join("; ")}.`)] : [];
};

export const GOVERNANCE_REVIEW_CHECKS: readonly ChangeCheck[] = [accessReviewNotWeakened, incompatibilityNotRemoved, automaticAssignmentNotWidened];
