import { compileMembershipRule, normalizeMatcher } from "../model/membership-rule";
import { subjectOf } from "../people/person";
import { evaluateRule, ruleTree, type RuleNode, type RuleSubject } from "../people/rule";
import { HR_ATTRIBUTES, type HrConditions } from "../schema/hr-conditions";

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

/** An attribute that conditions require to equal one of a few values: its rule property and the values, in lower case. */
interface RequiredValue {
  readonly property: string;
  readonly values: ReadonlySet<string>;
}

/**
 * Conditions to test many people against. Each is indexed by one attribute it requires to equal one of a few values
 * (`department: Finance`, `employeeType: [Staff, Contractor]`), the one whose values the fewest other conditions
 * require; a person is tested only against the conditions whose required values they have (compared as
 * {@link matchesHrSubject} compares: ignoring case, an empty value equals nothing), and against those that require
 * no value. The answer is exactly {@link matchesHrSubject}'s, in the order the conditions were given.
 */
export class HrConditionsIndex<T> {
  private readonly entries: readonly { readonly item: T; readonly when: HrConditions; readonly required: readonly RequiredValue[] }[];
  /** By rule property, then required value (lower case): the entries (indexes) that require it. */
  private readonly byValue = new Map<string, Map<string, number[]>>();
  /** Entries that require no attribute to equal one of a list of values. */
  private readonly always: number[] = [];

  constructor(entries: readonly { readonly item: T; readonly when: HrConditions }[]) {
    this.entries = entries.map(({ item, when }) => ({ item, when, required: requiredValues(when) }));
    const count = new Map<string, Map<string, number>>();
    for (const { required } of this.entries)
      for (const r of required) {
        let values = count.get(r.property);
        if (!values) count.set(r.property, (values = new Map()));
        for (const v of r.values) values.set(v, (values.get(v) ?? 0) + 1);
      }
    const weight = (r: RequiredValue) => [...r.values].reduce((n, v) => n + count.get(r.property)!.get(v)!, 0);
    this.entries.forEach(({ required }, i) => {
      if (!required.length) return this.always.push(i);
      const best = required.reduce((a, b) => (weight(b) < weight(a) ? b : a));
      let values = this.byValue.get(best.property);
      if (!values) this.byValue.set(best.property, (values = new Map()));
      for (const v of best.values) {
        const at = values.get(v);
        if (at) at.push(i);
        else values.set(v, [i]);
      }
    });
  }

  /** The items whose conditions the subject matches, in the order given. */
  matching(subject: RuleSubject): T[] {
    const candidates = [...this.always];
    for (const [property, values] of this.byValue) {
      const v = valueOf(subject, property);
      if (v !== undefined) candidates.push(...(values.get(v) ?? []));
    }
    return candidates
      .sort((a, b) => a - b)
      .map((i) => this.entries[i]!)
      .filter((e) => e.required.every((r) => r.values.has(valueOf(subject, r.property)!)) && matchesHrSubject(e.when, subject))
      .map((e) => e.item);
  }
}

/** The attributes the conditions require to equal one of a few values. */
function requiredValues(when: HrConditions): RequiredValue[] {
  const out: RequiredValue[] = [];
  for (const [attribute, matcher] of Object.entries(when)) {
    if (matcher === undefined || !Object.hasOwn(HR_ATTRIBUTES, attribute)) continue;
    const m = normalizeMatcher(matcher);
    if (m.op === "in") out.push({ property: HR_ATTRIBUTES[attribute]!.toLowerCase(), values: new Set(m.values.map((v) => v.toLowerCase())) });
  }
  return out;
}

/** A subject's value of a rule property in lower case, or undefined when it has none (an empty value equals nothing). */
function valueOf(subject: RuleSubject, property: string): string | undefined {
  const actual = subject.get(property);
  return actual === undefined || actual === null || actual === "" ? undefined : String(actual).toLowerCase();
}
