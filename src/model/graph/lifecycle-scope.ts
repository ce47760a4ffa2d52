import { HR_ATTRIBUTES, type HrConditions, type HrMatcher } from "../../schema/hr-conditions";
import { normalizeMatcher } from "../membership-rule";

/**
 * HR attributes as Lifecycle Workflows' scope rule names them (user properties in an OData `$filter`), and whether
 * the property supports `startsWith`.
 * @see https://learn.microsoft.com/graph/api/resources/identitygovernance-rulebasedsubjectset
 */
const LCW_PROPERTIES: Readonly<Record<string, { property: string; startsWith: boolean }>> = {
  userType: { property: "userType", startsWith: false },
  employeeType: { property: "employeeType", startsWith: false },
  companyName: { property: "companyName", startsWith: true },
  department: { property: "department", startsWith: true },
  division: { property: "employeeOrgData/division", startsWith: false },
  costCenter: { property: "employeeOrgData/costCenter", startsWith: false },
  jobTitle: { property: "jobTitle", startsWith: true },
  country: { property: "country", startsWith: true },
  usageLocation: { property: "usageLocation", startsWith: true },
  officeLocation: { property: "officeLocation", startsWith: true },
  city: { property: "city", startsWith: true },
  state: { property: "state", startsWith: true },
  employeeId: { property: "employeeId", startsWith: false },
  ...Object.fromEntries(
    Array.from({ length: 15 }, (_, i) => [
      `extensionAttribute${i + 1}`,
      { property: `onPremisesExtensionAttributes/extensionAttribute${i + 1}`, startsWith: false },
    ]),
  ),
};

/**
 * Compiles HR conditions to a Lifecycle Workflows scope rule, e.g. `(department eq 'Finance') and (country in
 * ('DE','FR'))`. Clauses follow the fixed attribute order of {@link HR_ATTRIBUTES}; list values are sorted without
 * duplicates; a single quote inside a value is doubled (OData's escape), so no value can end its string literal.
 * Unlike a dynamic group's rule there is no enabled-account clause: joiners are usually disabled until their first
 * day and leavers are disabled by the workflow itself.
 */
export function compileScopeRule(conditions: HrConditions): { rule: string } | { error: string; attribute: string } {
  const clauses: string[] = [];
  for (const attribute of Object.keys(HR_ATTRIBUTES)) {
    const matcher = conditions[attribute];
    if (matcher === undefined) continue;
    const target = LCW_PROPERTIES[attribute];
    if (!target) return { attribute, error: `Lifecycle Workflows cannot scope by ${attribute}` };
    const c = clause(target.property, matcher);
    if (c.startsWith && !target.startsWith) {
      return { attribute, error: `Lifecycle Workflows cannot compare ${attribute} with startsWith (only eq, ne and in)` };
    }
    clauses.push(`(${c.text})`);
  }
  return { rule: clauses.join(" and ") };
}

function clause(property: string, matcher: HrMatcher): { text: string; startsWith: boolean } {
  const { op, values } = normalizeMatcher(matcher);
  const set = [...new Set(values)].sort();
  switch (op) {
    case "in":
      return { text: set.length === 1 ? `${property} eq ${literal(set[0]!)}` : `${property} in (${set.map(literal).join(",")})`, startsWith: false };
    case "notIn":
      return { text: set.length === 1 ? `${property} ne ${literal(set[0]!)}` : `not (${property} in (${set.map(literal).join(",")}))`, startsWith: false };
    case "startsWith":
      return { text: `startsWith(${property}, ${literal(set[0]!)})`, startsWith: true };
    case "notStartsWith":
      return { text: `not (startsWith(${property}, ${literal(set[0]!)}))`, startsWith: true };
  }
}

function literal(value: string): string {
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(value))
    throw new Error(`refusing to compile HR value ${JSON.stringify(value)}: it contains a control character`);
  return `'${value.replace(/'/g, "''")}'`;
}

const PROPERTY_TO_ATTRIBUTE = new Map(Object.entries(LCW_PROPERTIES).map(([attribute, { property }]) => [property.toLowerCase(), attribute]));

/**
 * Reads a scope rule back into HR conditions: the inverse of {@link compileScopeRule} for rules of its shape
 * (parenthesised clauses joined with `and`). Anything else (`or`, other properties, an attribute tested twice) is
 * returned as the reason it cannot be expressed.
 */
export function parseScopeRule(rule: string): { conditions: HrConditions } | { error: string } {
  const clauses = splitClauses(rule.trim());
  if (!clauses) return { error: `the scope rule '${rule}' is not a list of parenthesised clauses joined with 'and'` };
  const conditions: Record<string, HrMatcher> = {};
  for (const c of clauses) {
    const parsed = parseClause(c);
    if ("error" in parsed) return parsed;
    if (Object.hasOwn(conditions, parsed.attribute)) return { error: `the scope rule tests ${parsed.attribute} twice` };
    conditions[parsed.attribute] = parsed.matcher;
  }
  return { conditions };
}

function splitClauses(rule: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < rule.length) {
    if (rule[i] !== "(") return undefined;
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < rule.length; j++) {
      const ch = rule[j];
      if (inString) {
        if (ch === "'" && rule[j + 1] === "'") j++;
        else if (ch === "'") inString = false;
      } else if (ch === "'") inString = true;
      else if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) break;
    }
    if (depth !== 0) return undefined;
    out.push(rule.slice(i + 1, j).trim());
    const rest = rule.slice(j + 1);
    const m = /^\s+and\s+/i.exec(rest);
    if (m) i = j + 1 + m[0].length;
    else if (rest.trim() === "") break;
    else return undefined;
  }
  return out.length ? out : undefined;
}

const STRING = "'((?:[^']|'')*)'";
const unquote = (s: string) => s.replace(/''/g, "'");

function parseClause(c: string): { attribute: string; matcher: HrMatcher } | { error: string } {
  let m: RegExpExecArray | null;
  const attr = (property: string) => PROPERTY_TO_ATTRIBUTE.get(property.toLowerCase());
  const values = (list: string) => [...list.matchAll(new RegExp(STRING, "g"))].map((x) => unquote(x[1]!));
  if ((m = new RegExp(`^([A-Za-z0-9/]+)\\s+(eq|ne)\\s+${STRING}$`, "i").exec(c))) {
    const a = attr(m[1]!);
    if (!a) return { error: `the scope rule tests ${m[1]}, which is not an HR attribute idac knows` };
    return { attribute: a, matcher: m[2]!.toLowerCase() === "eq" ? unquote(m[3]!) : { notEquals: unquote(m[3]!) } };
  }
  if ((m = /^(not\s*\(\s*)?([A-Za-z0-9/]+)\s+in\s+\(((?:\s*'(?:[^']|'')*'\s*,?)+)\s*\)(\s*\))?$/i.exec(c)) && !!m[1] === !!m[4]) {
    const a = attr(m[2]!);
    if (!a) return { error: `the scope rule tests ${m[2]}, which is not an HR attribute idac knows` };
    const list = values(m[3]!);
    if (!list.length) return { error: `the scope rule compares ${m[2]} with an empty list` };
    return { attribute: a, matcher: m[1] ? { notIn: list } : list.length === 1 ? list[0]! : list };
  }
  if ((m = new RegExp(`^(not\\s*\\(\\s*)?startsWith\\(([A-Za-z0-9/]+),\\s*${STRING}\\)(\\s*\\))?$`, "i").exec(c)) && !!m[1] === !!m[4]) {
    const a = attr(m[2]!);
    if (!a) return { error: `the scope rule tests ${m[2]}, which is not an HR attribute idac knows` };
    return { attribute: a, matcher: m[1] ? { notStartsWith: unquote(m[3]!) } : { startsWith: unquote(m[3]!) } };
  }
  return { error: `the scope rule clause '${c}' has no HR condition counterpart (idac writes eq, ne, in, not in, startsWith)` };
}
