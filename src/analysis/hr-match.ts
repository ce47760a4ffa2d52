import { normalizeMatcher } from "../model/membership-rule";
import { HR_ATTRIBUTES, type HrConditions } from "../schema/hr-conditions";

/** Whether a person with these HR attributes (and user type) matches the conditions, as Entra would evaluate them. */
export function matchesHr(conditions: HrConditions, hr: Readonly<Record<string, string>>, userType: "Member" | "Guest"): boolean {
  for (const [attribute, matcher] of Object.entries(conditions)) {
    if (matcher === undefined || !(attribute in HR_ATTRIBUTES)) continue;
    const value = attribute === "userType" ? userType : hr[attribute];
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
