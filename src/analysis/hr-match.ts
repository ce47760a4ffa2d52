import { compileMembershipRule } from "../model/membership-rule";
import { subjectOf } from "../people/person";
import { ruleMatches } from "../people/rule";
import type { HrConditions } from "../schema/hr-conditions";

const rules = new WeakMap<HrConditions, string>();

/**
 * Whether a person with these HR attributes (and user type) matches the conditions, as Entra would evaluate them:
 * the conditions are compiled to the dynamic membership rule idac deploys and that rule is evaluated, so personas,
 * SoD and coverage give a rule the meaning Entra gives it (case-insensitive values, an enabled account).
 */
export function matchesHr(conditions: HrConditions, hr: Readonly<Partial<Record<string, string>>>, userType: "Member" | "Guest"): boolean {
  let rule = rules.get(conditions);
  if (rule === undefined) rules.set(conditions, (rule = compileMembershipRule(conditions)));
  return ruleMatches(rule, subjectOf(hr, userType, true));
}
