import { HR_ATTRIBUTES, type HrConditions, type HrMatcher } from "../schema/hr-conditions";

/** Always part of a compiled rule: leavers (disabled accounts) drop out of every dynamic group. */
export const ENABLED_ACCOUNT_CLAUSE = "(user.accountEnabled -eq true)";

/**
 * Compiles HR conditions to Entra's dynamic membership rule syntax.
 *
 * Clauses appear in the fixed order of {@link HR_ATTRIBUTES} (never the YAML order), the values of `-in` and
 * `-notIn` are sorted without duplicates (they are sets), and every clause is parenthesised and joined with `-and`,
 * so reordering the YAML never changes the rule.
 * Values were checked by the schema to contain no double quote, backtick or control character, so a value can
 * never close its string literal; this function re-checks that and throws rather than emit a rule whose logic
 * an HR value could change.
 * @see https://learn.microsoft.com/entra/identity/users/groups-dynamic-membership
 */
export function compileMembershipRule(conditions: HrConditions): string {
  const clauses = [ENABLED_ACCOUNT_CLAUSE];
  for (const [attribute, property] of Object.entries(HR_ATTRIBUTES)) {
    const matcher = conditions[attribute];
    if (matcher === undefined) continue;
    clauses.push(`(${clause(property, matcher)})`);
  }
  return clauses.join(" -and ");
}

function clause(property: string, matcher: HrMatcher): string {
  if (typeof matcher === "string") return `${property} -eq ${literal(matcher)}`;
  if (Array.isArray(matcher)) return matcher.length === 1 ? `${property} -eq ${literal(matcher[0]!)}` : `${property} -in ${list(matcher)}`;
  if (matcher.equals !== undefined) return `${property} -eq ${literal(matcher.equals)}`;
  if (matcher.in !== undefined) return `${property} -in ${list(matcher.in)}`;
  if (matcher.startsWith !== undefined) return `${property} -startsWith ${literal(matcher.startsWith)}`;
  if (matcher.notEquals !== undefined) return `${property} -ne ${literal(matcher.notEquals)}`;
  if (matcher.notIn !== undefined) return `${property} -notIn ${list(matcher.notIn)}`;
  if (matcher.notStartsWith !== undefined) return `${property} -notStartsWith ${literal(matcher.notStartsWith)}`;
  throw new Error("internal: empty HR matcher (the schema requires exactly one operator)");
}

function list(values: readonly string[]): string {
  return `[${[...new Set(values)].sort().map(literal).join(",")}]`;
}

function literal(value: string): string {
  if (/["`\u0000-\u001f\u007f\u2028\u2029]/.test(value)) {
    throw new Error(`refusing to compile HR value ${JSON.stringify(value)}: it contains a quote, backtick or control character`);
  }
  return `"${value}"`;
}

/** The operators of a matcher, normalised: used by analyses that reason about populations. */
export function normalizeMatcher(matcher: HrMatcher): { op: "in" | "startsWith" | "notIn" | "notStartsWith"; values: readonly string[] } {
  if (typeof matcher === "string") return { op: "in", values: [matcher] };
  if (Array.isArray(matcher)) return { op: "in", values: matcher };
  if (matcher.equals !== undefined) return { op: "in", values: [matcher.equals] };
  if (matcher.in !== undefined) return { op: "in", values: matcher.in };
  if (matcher.startsWith !== undefined) return { op: "startsWith", values: [matcher.startsWith] };
  if (matcher.notEquals !== undefined) return { op: "notIn", values: [matcher.notEquals] };
  if (matcher.notIn !== undefined) return { op: "notIn", values: matcher.notIn };
  return { op: "notStartsWith", values: [matcher.notStartsWith!] };
}
