import { normalizeMatcher } from "../model/membership-rule";
import { HR_ATTRIBUTES, type HrConditions } from "../schema/hr-conditions";

/** Whether a person with these HR attributes (and user type) matches the conditions, as Entra would evaluate them. */
export function matchesHr(conditions: HrConditions, hr: Readonly<Partial<Record<string, string>>>, userType: "Member" | "Guest"): boolean {
  for (const [attribute, matcher] of Object.entries(conditions)) {
    // Own properties only: `constructor` or `toString` is no HR attribute and no HR value.
    if (matcher === undefined || !Object.hasOwn(HR_ATTRIBUTES, attribute)) continue;
    const value = attribute === "userType" ? userType : Object.hasOwn(hr, attribute) ? hr[attribute] : undefined;
    const m = normalizeMatcher(matcher);
    const ok =
      m.op === "in" ? value !== undefined && m.values.includes(value)
      : m.op === "startsWith" ? value !== undefined && m.values.some((p) => value.startsWith(p))
      : m.op === "notIn" ? value === undefined || !m.values.includes(value)
      : value === undefined || !m.values.some((p) => value.startsWith(p));
    if (!ok) return false;
  }
  return true;
}
