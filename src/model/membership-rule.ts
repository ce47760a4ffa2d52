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

const PROPERTY_TO_ATTRIBUTE = new Map(Object.entries(HR_ATTRIBUTES).map(([attribute, property]) => [property.toLowerCase(), attribute]));

/**
 * Reads a dynamic membership rule back into HR conditions: the inverse of {@link compileMembershipRule} for the
 * rules it writes, and for any rule of the same shape (clauses joined with `-and`, each comparing one HR attribute
 * with `-eq`, `-ne`, `-in`, `-notIn`, `-startsWith` or `-notStartsWith`). Anything else (`-or`, `-not`,
 * `-contains`, `-match`, other properties, an attribute tested twice) is not an HR condition idac can express, and
 * the reason is returned instead.
 */
export function parseMembershipRule(rule: string): { conditions: HrConditions; requiresEnabledAccount: boolean } | { error: string } {
  const tokens = tokenize(rule);
  if ("error" in tokens) return tokens;
  const conditions: Record<string, HrMatcher> = {};
  let requiresEnabledAccount = false;
  let i = 0;
  const t = tokens.tokens;
  const next = () => t[i++];
  while (i < t.length) {
    let parens = 0;
    for (; t[i] === "("; i++) parens++;
    const property = next();
    const op = next()?.toLowerCase();
    const value = next();
    if (property === undefined || op === undefined || value === undefined) return { error: "the rule ends in the middle of a clause" };
    for (let p = 0; p < parens; p++)
      if (next() !== ")") return { error: "only clauses joined with -and can be expressed as HR conditions (found grouping or -or)" };
    if (property.toLowerCase() === "user.accountenabled") {
      if (op !== "-eq" || value.toLowerCase() !== "true") return { error: "the rule tests user.accountEnabled other than '-eq true'" };
      requiresEnabledAccount = true;
    } else {
      const attribute = PROPERTY_TO_ATTRIBUTE.get(property.toLowerCase());
      if (!attribute) return { error: `'${property}' is not an HR attribute idac supports (${Object.keys(HR_ATTRIBUTES).slice(0, 6).join(", ")}, …)` };
      if (conditions[attribute] !== undefined) return { error: `'${property}' is tested twice; an HR condition tests each attribute once` };
      const matcher = toMatcher(op, value);
      if ("error" in matcher) return matcher;
      conditions[attribute] = matcher.matcher;
    }
    if (i < t.length && t[i++]?.toLowerCase() !== "-and")
      return { error: `only clauses joined with -and can be expressed as HR conditions (found '${t[i - 1]}')` };
  }
  if (!Object.keys(conditions).length) return { error: "the rule tests no HR attribute" };
  return { conditions, requiresEnabledAccount };
}

function toMatcher(op: string, value: string): { matcher: HrMatcher } | { error: string } {
  const list = value.startsWith("[");
  const values = list ? [...value.slice(1, -1).matchAll(/"([^"]*)"/g)].map((m) => m[1]!) : value.startsWith('"') ? [value.slice(1, -1)] : undefined;
  if (!values || !values.length) return { error: `expected a quoted value or a list of quoted values, found ${value}` };
  if (values.some((v) => !v.length || /[`\u0000-\u001f\u007f]/.test(v))) return { error: "a value is empty or holds a control character or backtick" };
  const one = !list && values.length === 1;
  switch (op) {
    case "-eq":
      return one ? { matcher: values[0]! } : { error: "-eq compares with one value" };
    case "-in":
      return list ? { matcher: values.length === 1 ? values[0]! : [...new Set(values)].sort() } : { error: "-in takes a list" };
    case "-ne":
      return one ? { matcher: { notEquals: values[0]! } } : { error: "-ne compares with one value" };
    case "-notin":
      return list ? { matcher: { notIn: [...new Set(values)].sort() } } : { error: "-notIn takes a list" };
    case "-startswith":
      return one ? { matcher: { startsWith: values[0]! } } : { error: "-startsWith compares with one value" };
    case "-notstartswith":
      return one ? { matcher: { notStartsWith: values[0]! } } : { error: "-notStartsWith compares with one value" };
    default:
      return { error: `the operator ${op} has no HR condition counterpart (idac supports -eq, -ne, -in, -notIn, -startsWith, -notStartsWith)` };
  }
}

/** Splits a rule into parentheses, words and quoted values (a list `[...]` is one token). */
function tokenize(rule: string): { tokens: string[] } | { error: string } {
  const tokens: string[] = [];
  const re = /\s*(\(|\)|\[(?:\s*"[^"]*"\s*,?)*\s*\]|"[^"]*"|[^\s()"[\]]+)/y;
  let at = 0;
  while (at < rule.length) {
    if (/^\s*$/.test(rule.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(rule);
    if (!m) return { error: `cannot read the rule at character ${at + 1}` };
    tokens.push(m[1]!);
    at = re.lastIndex;
  }
  return { tokens };
}

/** HR conditions with no positive condition besides userType match every enabled account (of that type). */
export function matchesEverybody(when: HrConditions): boolean {
  return !Object.entries(when).some(
    ([attr, m]) => attr !== "userType" && m !== undefined && (normalizeMatcher(m).op === "in" || normalizeMatcher(m).op === "startsWith"),
  );
}

/** Why HR conditions can match nobody: userType is only ever Member or Guest, and guests have no HR record. */
export function whyMatchesNobody(when: HrConditions): string | undefined {
  const t = when.userType !== undefined ? normalizeMatcher(when.userType) : undefined;
  if (t?.op === "in" && t.values.every((v) => v !== "Member" && v !== "Guest")) return `userType is only ever Member or Guest, not ${t.values.join(", ")}`;
  if (t?.op === "in" && t.values.length === 1 && t.values[0] === "Guest" && (when.employeeType || when.department || when.employeeId))
    return "guests have no HR record (employeeType, department, employeeId)";
  return undefined;
}

/** Properties every user or device has: `-ne null` on them is Microsoft's documented "all users/devices" rule. */
const ALWAYS_SET = new Set(["user.objectid", "user.userprincipalname", "device.deviceid", "device.objectid"]);

/**
 * Whether any dynamic membership rule matches everyone or nobody, or undefined when it depends on the people.
 *
 * Rules of idac's shape (read by {@link parseMembershipRule}) match everyone when no HR condition besides userType
 * is positive, and nobody when userType can never hold or guests are asked for an HR attribute. Other rules are
 * evaluated clause by clause with `-and`, `-or`, `-not` and parentheses, in three values (always, never, depends):
 * `user.objectId`, `user.userPrincipalName`, `device.deviceId`, `device.objectId` `-ne null` always hold and
 * `-eq null` never; `user.accountEnabled -eq true` holds for every enabled account and `-eq false` for none;
 * `-in []` never holds and `-notIn []` always. Any other clause (including `-any`/`-all` over collections, `-match`,
 * `-contains`) depends on the people. A rule that cannot be read is undefined (not recognised).
 * @see https://learn.microsoft.com/entra/identity/users/groups-dynamic-membership
 */
export function ruleReach(rule: string): { reach: "everyone" | "nobody"; why: string } | undefined {
  const parsed = parseMembershipRule(rule);
  if (!("error" in parsed)) {
    const nobody = whyMatchesNobody(parsed.conditions);
    if (nobody) return { reach: "nobody", why: nobody };
    return matchesEverybody(parsed.conditions) ? { reach: "everyone", why: "no positive HR condition besides userType" } : undefined;
  }
  const tokens = tokenize(rule);
  if ("error" in tokens) return undefined;
  const value = evaluate(tokens.tokens);
  if (value === true) return { reach: "everyone", why: "every clause that decides always holds" };
  if (value === false) return { reach: "nobody", why: "the rule can never hold" };
  return undefined;
}

type Tri = boolean | "depends";

/** Three-valued evaluation of a rule's tokens; undefined when the rule cannot be read. */
function evaluate(t: readonly string[]): Tri | undefined {
  let i = 0;
  const peek = () => t[i]?.toLowerCase();
  const or = (): Tri | undefined => {
    let v = and();
    while (v !== undefined && peek() === "-or") {
      i++;
      const r = and();
      if (r === undefined) return undefined;
      v = v === true || r === true ? true : v === false && r === false ? false : "depends";
    }
    return v;
  };
  const and = (): Tri | undefined => {
    let v = not();
    while (v !== undefined && peek() === "-and") {
      i++;
      const r = not();
      if (r === undefined) return undefined;
      v = v === false || r === false ? false : v === true && r === true ? true : "depends";
    }
    return v;
  };
  const not = (): Tri | undefined => {
    if (peek() === "-not") {
      i++;
      const v = not();
      return v === undefined ? undefined : v === "depends" ? v : !v;
    }
    if (peek() === "(") {
      i++;
      const v = or();
      if (t[i++] !== ")") return undefined;
      return v;
    }
    return clauseValue();
  };
  const clauseValue = (): Tri | undefined => {
    const property = t[i++]?.toLowerCase();
    const op = t[i++]?.toLowerCase();
    if (!property || !op || property.startsWith("-") || !op.startsWith("-")) return undefined;
    if (t[i] === "(") {
      // -any / -all over a collection: skip the lambda
      let depth = 0;
      do {
        if (t[i] === "(") depth++;
        else if (t[i] === ")") depth--;
        i++;
      } while (depth > 0 && i < t.length);
      return depth === 0 ? "depends" : undefined;
    }
    const value = t[i++]?.toLowerCase();
    if (value === undefined) return undefined;
    if (ALWAYS_SET.has(property) && value === "null" && (op === "-ne" || op === "-eq")) return op === "-ne";
    if (property === "user.accountenabled" && (value === "true" || value === "false") && (op === "-eq" || op === "-ne"))
      return (value === "true") === (op === "-eq");
    if (/^\[\s*\]$/.test(value) && (op === "-in" || op === "-notin")) return op === "-notin";
    return "depends";
  };
  const v = or();
  return i === t.length ? v : undefined;
}
