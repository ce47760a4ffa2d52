import { ruleTree, type RuleNode, type RuleSubject } from "./rule";

/**
 * Many rules, evaluated for many people without trying every rule on every person: a rule whose top-level `-and`
 * chain holds an equality (`-eq "x"` or `-in [...]`) can only match people with one of those values, so it is
 * filed under them; other rules are tried for everybody. The answer is the same as trying every rule.
 */
export class RuleIndex<T> {
  private readonly keyed = new Map<string, { item: T; tree: RuleNode }[]>();
  private readonly unkeyed: { item: T; tree: RuleNode }[] = [];
  private readonly properties = new Set<string>();

  constructor(entries: Iterable<{ readonly item: T; readonly rule: string }>) {
    for (const { item, rule } of entries) {
      const tree = ruleTree(rule);
      const key = equalityOf(tree);
      if (!key) {
        this.unkeyed.push({ item, tree });
        continue;
      }
      this.properties.add(key.property);
      for (const v of new Set(key.values.map((x) => x.toLowerCase()))) {
        const k = `${key.property}\u0000${v}`;
        const list = this.keyed.get(k);
        if (list) list.push({ item, tree });
        else this.keyed.set(k, [{ item, tree }]);
      }
    }
  }

  /** The rules that may match the person (every rule that does, and some that do not), with their trees. */
  *candidates(subject: RuleSubject): Generator<{ item: T; tree: RuleNode }> {
    yield* this.unkeyed;
    for (const property of this.properties) {
      const v = subject.get(property);
      if (v === null || v === undefined) continue;
      const list = this.keyed.get(`${property}\u0000${String(v).toLowerCase()}`);
      if (list) yield* list;
    }
  }
}

/**
 * An equality every match must satisfy: a clause of the rule's top-level `-and` chain, preferring any property to
 * userType (which nearly everybody shares).
 */
function equalityOf(node: RuleNode): { property: string; values: readonly string[] } | undefined {
  const found = equalities(node);
  return found.find((e) => e.property !== "user.usertype") ?? found[0];
}

function equalities(node: RuleNode): { property: string; values: readonly string[] }[] {
  if (node.kind === "and") return [...equalities(node.left), ...equalities(node.right)];
  if (node.kind !== "clause" || node.property === "user.accountenabled") return [];
  if (node.op === "-eq" && typeof node.value === "string") return [{ property: node.property, values: [node.value] }];
  if (node.op === "-in" && Array.isArray(node.value)) return [{ property: node.property, values: node.value as readonly string[] }];
  return [];
}
