import { compileMembershipRule, parseMembershipRule, ruleReach } from "../../model/membership-rule";
import { compares, finding, writes, type ChangeCheck, type PlannedChange } from "./change";
import { GROUP_TYPES, idacKindOf } from "../idac-resources";
import { boolAt, show, stringAt, unknownAt } from "./values";

const ruleOf = (v: unknown) => stringAt(v, "dynamic_membership", "rule");

/** The meaning of a rule: idac-shaped rules in their compiled form, others with whitespace collapsed. */
function canonical(rule: string | undefined): string | undefined {
  if (rule === undefined) return undefined;
  const parsed = parseMembershipRule(rule);
  return "error" in parsed
    ? rule.replace(/\s+/g, " ").trim()
    : `${parsed.requiresEnabledAccount ? "" : "any account: "}${compileMembershipRule(parsed.conditions)}`;
}

function ruleChanged(change: PlannedChange): boolean {
  return canonical(ruleOf(change.before)) !== canonical(ruleOf(change.after)) || unknownAt(change.afterUnknown, "dynamic_membership");
}

/**
 * The rule of a group that grants access through idac changes: a business role's group, a role-assignable group, or
 * a group that conditional access, PIM or an access package refers to (or that another stack reads). A rule
 * reformatted with the same meaning is not a change.
 */
const guardedRuleUnchanged: ChangeCheck = (change, ctx) => {
  if (!GROUP_TYPES.has(change.type) || !compares(change) || !ruleChanged(change)) return [];
  const why =
    idacKindOf(change.type, change.name) === "roleGroup"
      ? "the group of a business role"
      : boolAt(change.before, "assignable_to_role") === true || boolAt(change.after, "assignable_to_role") === true
        ? "role-assignable"
        : ctx.index.groupGuards(change.address);
  if (!why) return [];
  const after = unknownAt(change.afterUnknown, "dynamic_membership") ? "(known after apply)" : show(ruleOf(change.after));
  return [finding("membership-rule", change, `Changes who is in ${change.what} (${why}): rule ${show(ruleOf(change.before))} → ${after}.`)];
};

/** A rule, new or changed, on any group that matches everyone or nobody (see ruleReach for what is recognised). */
const ruleSelects: ChangeCheck = (change) => {
  if (!GROUP_TYPES.has(change.type) || !writes(change) || (change.action !== "create" && !ruleChanged(change))) return [];
  const rule = ruleOf(change.after);
  const reach = rule === undefined ? undefined : ruleReach(rule);
  if (!reach) return [];
  return [
    finding(
      "membership-rule",
      change,
      `The membership rule of ${change.what} matches ${reach.reach} (${reach.why}): rule ${show(ruleOf(change.before))} → ${show(rule)}.`,
    ),
  ];
};

/** Dynamic membership processing paused: the membership freezes, so leavers keep what the group grants. */
const dynamicMembershipNotPaused: ChangeCheck = (change) => {
  if (!GROUP_TYPES.has(change.type) || !compares(change)) return [];
  if (boolAt(change.before, "dynamic_membership", "enabled") !== true || boolAt(change.after, "dynamic_membership", "enabled") === true) return [];
  return [
    finding(
      "membership-rule",
      change,
      `Pauses dynamic membership of ${change.what} (enabled true → ` +
        `${String(boolAt(change.after, "dynamic_membership", "enabled") ?? "removed")}): ` +
        `membership freezes and leavers keep their access.`,
    ),
  ];
};

export const MEMBERSHIP_RULE_CHECKS: readonly ChangeCheck[] = [guardedRuleUnchanged, ruleSelects, dynamicMembershipNotPaused];
