import { compileMembershipRule } from "../model/membership-rule";
import { subjectOf } from "../people/person";
import { evaluateRule, ruleTree, type RuleNode, type RuleSubject } from "../people/rule";
import type { HrConditions } from "../schema/hr-conditions";

const rules = new WeakMap<HrConditions, RuleNode>();

/**
 * Whether a person with these HR attributes (and user type) matches the conditions, as Entra would evaluate them:
 * the conditions are compiled to the dynamic membership rule idac deploys and that rule is evaluated, so personas,
 * SoD and coverage give a rule the meaning Entra gives it (case-insensitive values, an enabled account).
 */
export function matchesHr(conditions: HrConditions, hr: Readonly<Partial<Record<string, string>>>, userType: "Member" | "Guest"): boolean {
  return matchesHrSubject(conditions, hrSubject(hr, userType));
}

/** The rule values of an enabled account with these HR attributes, for testing many conditions against one person. */
export function hrSubject(hr: Readonly<Partial<Record<string, string>>>, userType: "Member" | "Guest"): RuleSubject {
  return subjectOf(hr, userType, true);
}

/** {@link matchesHr} for a subject built once with {@link hrSubject}. */
export function matchesHrSubject(conditions: HrConditions, subject: RuleSubject): boolean {
  let rule = rules.get(conditions);
  if (rule === undefined) rules.set(conditions, (rule = ruleTree(compileMembershipRule(conditions))));
  return evaluateRule(rule, subject);
}
