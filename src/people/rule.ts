/**
 * Dynamic membership rules evaluated as Entra evaluates them, on one person.
 *
 * - Operators: `-eq -ne -startsWith -notStartsWith -contains -notContains -in -notIn -match -notMatch`, `-not`,
 *   `-and`, `-or`, parentheses. Precedence from high to low: comparisons, `-not`, `-and`, `-or`.
 * - String comparison and regular expressions are case-insensitive; `-match` finds the pattern anywhere in the value
 *   (anchor it with `^…$` to compare whole values).
 * - A property without a value is `null`: `-eq null` holds and `-ne null` does not; any other positive comparison
 *   (`-eq "x"`, `-startsWith`, `-contains`, `-in`, `-match`) does not hold, and its negation does.
 * - Booleans (`user.accountEnabled -eq true`) compare as booleans, whether written `true` or `"true"`.
 * @see https://learn.microsoft.com/entra/identity/users/groups-dynamic-membership
 */

export type RuleValue = string | boolean | null;

/** The values a rule reads of a person: lower-case property name (`user.department`) → value. */
export type RuleSubject = ReadonlyMap<string, RuleValue>;

export type RuleNode =
  | { readonly kind: "and" | "or"; readonly left: RuleNode; readonly right: RuleNode }
  | { readonly kind: "not"; readonly operand: RuleNode }
  | { readonly kind: "clause"; readonly property: string; readonly op: ClauseOperator; readonly value: RuleValue | readonly string[]; readonly text: string };

export const CLAUSE_OPERATORS = ["-eq", "-ne", "-startswith", "-notstartswith", "-contains", "-notcontains", "-in", "-notin", "-match", "-notmatch"] as const;
export type ClauseOperator = (typeof CLAUSE_OPERATORS)[number];

/** A rule that cannot be read, with where (1-based character) and why. */
export class RuleSyntaxError extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(`character ${at}: ${reason}`);
  }
}

interface Token {
  readonly text: string;
  readonly at: number;
  readonly kind: "paren" | "word" | "string" | "list";
  readonly values?: readonly string[];
}

const TOKEN = /\s*(?:(\(|\))|("(?:[^"\\]|\\.)*")|(\[[^\]]*\])|([^\s()"[\]]+))/y;

function tokenize(rule: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  while (at < rule.length) {
    if (/^\s*$/.test(rule.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(rule);
    if (!m) throw new RuleSyntaxError(at + 1, `unexpected '${rule.slice(at, at + 10)}'`);
    const start = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4]!).length + 1;
    if (m[1]) out.push({ text: m[1], at: start, kind: "paren" });
    else if (m[2]) out.push({ text: m[2], at: start, kind: "string" });
    else if (m[3]) out.push({ text: m[3], at: start, kind: "list", values: listValues(m[3], start) });
    else out.push({ text: m[4]!, at: start, kind: "word" });
    at = TOKEN.lastIndex;
  }
  return out;
}

function listValues(list: string, at: number): string[] {
  const inner = list.slice(1, -1).trim();
  if (!inner) return [];
  const values: string[] = [];
  const re = /\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let i = 0;
  while (i < inner.length) {
    re.lastIndex = i;
    const m = re.exec(inner);
    if (!m) throw new RuleSyntaxError(at, "a list holds quoted values separated by commas");
    values.push(unquote(m[1]!));
    i = re.lastIndex;
  }
  return values;
}

const unquote = (s: string) => s.replace(/\\(.)/g, "$1");

/** Reads a rule into a tree; throws {@link RuleSyntaxError} when it cannot. */
export function parseRule(rule: string): RuleNode {
  const t = tokenize(rule);
  let i = 0;
  const peek = () => t[i]?.text.toLowerCase();
  const fail = (why: string): never => {
    throw new RuleSyntaxError(t[i]?.at ?? rule.length + 1, why);
  };
  const or = (): RuleNode => {
    let node = and();
    while (peek() === "-or") {
      i++;
      node = { kind: "or", left: node, right: and() };
    }
    return node;
  };
  const and = (): RuleNode => {
    let node = not();
    while (peek() === "-and") {
      i++;
      node = { kind: "and", left: node, right: not() };
    }
    return node;
  };
  const not = (): RuleNode => {
    if (peek() === "-not") return (i++, { kind: "not", operand: not() });
    if (peek() === "(") {
      i++;
      const node = or();
      if (peek() !== ")") fail("expected ')'");
      i++;
      return node;
    }
    return clause();
  };
  const clause = (): RuleNode => {
    const property = t[i];
    if (!property || property.kind !== "word" || property.text.startsWith("-")) return fail("expected a property such as user.department");
    const op = t[i + 1];
    const opText = op?.text.toLowerCase();
    if (!op || !(CLAUSE_OPERATORS as readonly string[]).includes(opText!))
      throw new RuleSyntaxError(
        op?.at ?? rule.length + 1,
        `expected an operator after ${property.text} (-eq -ne -startsWith -notStartsWith -contains -notContains -in -notIn -match -notMatch)`,
      );
    const v = t[i + 2];
    if (!v) return fail("the rule ends in the middle of a clause");
    i += 3;
    const list = opText === "-in" || opText === "-notin";
    let value: RuleValue | readonly string[];
    if (list) {
      if (v.kind !== "list") throw new RuleSyntaxError(v.at, `${op.text} takes a list such as ["a","b"]`);
      value = v.values!;
    } else if (v.kind === "string") value = unquote(v.text.slice(1, -1));
    else if (v.kind === "word" && /^(true|false)$/i.test(v.text)) value = v.text.toLowerCase() === "true";
    else if (v.kind === "word" && /^null$/i.test(v.text)) value = null;
    else throw new RuleSyntaxError(v.at, `expected a quoted value, true, false or null after ${op.text}`);
    const text = `${property.text} ${op.text} ${v.text}`;
    if (opText === "-match" || opText === "-notmatch") regex(value as string, v.at);
    return { kind: "clause", property: property.text.toLowerCase(), op: opText as ClauseOperator, value, text };
  };
  if (!t.length) throw new RuleSyntaxError(1, "the rule is empty");
  const node = or();
  if (i < t.length) fail(`unexpected '${t[i]!.text}'`);
  return node;
}

const regexes = new Map<string, RegExp>();
function regex(pattern: string | null, at = 0): RegExp {
  const key = pattern ?? "";
  let r = regexes.get(key);
  if (!r) {
    try {
      r = new RegExp(key, "iu");
    } catch {
      throw new RuleSyntaxError(at, `'${key}' is not a regular expression`);
    }
    regexes.set(key, r);
  }
  return r;
}

/** Whether a person (their rule values) satisfies the rule tree. */
export function evaluateRule(node: RuleNode, subject: RuleSubject): boolean {
  switch (node.kind) {
    case "and":
      return evaluateRule(node.left, subject) && evaluateRule(node.right, subject);
    case "or":
      return evaluateRule(node.left, subject) || evaluateRule(node.right, subject);
    case "not":
      return !evaluateRule(node.operand, subject);
    case "clause":
      return clauseHolds(node, subject.get(node.property) ?? null);
  }
}

const lower = (v: RuleValue): string | null => (v === null ? null : String(v).toLowerCase());

function clauseHolds(c: Extract<RuleNode, { kind: "clause" }>, actual: RuleValue): boolean {
  const a = actual === "" ? null : actual;
  const negated = c.op === "-ne" || c.op === "-notstartswith" || c.op === "-notcontains" || c.op === "-notin" || c.op === "-notmatch";
  return negated !== positive(c.op, a, c.value);
}

function positive(op: ClauseOperator, actual: RuleValue, expected: RuleValue | readonly string[]): boolean {
  if (op === "-in" || op === "-notin") {
    const v = lower(actual);
    return v !== null && (expected as readonly string[]).some((e) => e.toLowerCase() === v);
  }
  const e = expected as RuleValue;
  if (op === "-eq" || op === "-ne") {
    if (e === null || actual === null) return e === actual;
    return lower(actual) === lower(e);
  }
  const v = lower(actual);
  const x = lower(e);
  if (v === null || x === null) return false;
  if (op === "-startswith" || op === "-notstartswith") return v.startsWith(x);
  if (op === "-contains" || op === "-notcontains") return v.includes(x);
  return regex(e as string).test(String(actual));
}

/** Every clause of a rule with whether it holds for the person, left to right. */
export function clauseOutcomes(node: RuleNode, subject: RuleSubject): { text: string; holds: boolean }[] {
  if (node.kind === "clause") return [{ text: node.text, holds: clauseHolds(node, subject.get(node.property) ?? null) }];
  if (node.kind === "not") return clauseOutcomes(node.operand, subject);
  return [...clauseOutcomes(node.left, subject), ...clauseOutcomes(node.right, subject)];
}

const parsed = new Map<string, RuleNode>();

/** Parses a rule once per distinct text (catalogs repeat rules, people are many). */
export function ruleTree(rule: string): RuleNode {
  let node = parsed.get(rule);
  if (!node) parsed.set(rule, (node = parseRule(rule)));
  return node;
}

/** Whether the person satisfies the rule text. */
export function ruleMatches(rule: string, subject: RuleSubject): boolean {
  return evaluateRule(ruleTree(rule), subject);
}
