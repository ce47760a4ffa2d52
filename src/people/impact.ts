import { createHash } from "node:crypto";
import { environmentView } from "../model/environment";
import type { Catalog } from "../model/model";
import { personAccess, policiesFor, mayRequest, type PersonAccess } from "./access";
import { ruleSubject, type Person } from "./person";
import { evaluateRule, ruleTree } from "./rule";
import type { PeopleSnapshot } from "./snapshot";

/** What a change does to people, per catalog item. */
export type ImpactEffect =
  | "gains membership"
  | "loses membership"
  | "may request"
  | "may no longer request"
  | "becomes eligible"
  | "no longer eligible"
  | "becomes subject"
  | "leaves scope";

export interface ItemImpact {
  readonly kind: "business role" | "group" | "privileged role" | "conditional access policy";
  readonly id: string;
  /** UPNs per effect, sorted. */
  readonly people: ReadonlyMap<ImpactEffect, readonly string[]>;
}

export interface Impact {
  readonly items: readonly ItemImpact[];
  /** Distinct people affected by any item. */
  readonly peopleAffected: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A change's effect in people: for each business role, dynamic group, privileged role and conditional access policy
 * that differs between the base and the head catalog, who gains or loses membership, may newly request or no longer
 * request, becomes or stops being eligible, becomes subject to a policy or leaves its scope. Rules are evaluated
 * with the one evaluator; a birthright or dynamic rule change evaluates only that rule for everybody.
 */
export function impactOf(base: Catalog, head: Catalog, snapshot: PeopleSnapshot, environment: string): Impact {
  const items: ItemImpact[] = [];
  const people = snapshot.people;
  const baseRoles = new Map(base.businessRoles.map((r) => [r.id, r]));
  const baseGroups = new Map(base.groups.map((g) => [g.id, g]));
  const matches = (rule: string | undefined, p: Person) => rule !== undefined && evaluateRule(ruleTree(rule), ruleSubject(p));
  const compare = (
    kind: ItemImpact["kind"],
    id: string,
    before: (p: Person) => boolean,
    after: (p: Person) => boolean,
    on: ImpactEffect,
    off: ImpactEffect,
  ) => {
    const gained: string[] = [];
    const lost: string[] = [];
    for (const p of people) {
      const b = before(p);
      const a = after(p);
      if (a && !b) gained.push(p.upn);
      else if (b && !a) lost.push(p.upn);
    }
    const effects = new Map<ImpactEffect, string[]>();
    if (gained.length) effects.set(on, gained.sort());
    if (lost.length) effects.set(off, lost.sort());
    if (effects.size) items.push({ kind, id, people: effects });
  };
  let full: { before: PersonAccess[]; after: PersonAccess[] } | undefined;
  const accesses = () => (full ??= { before: people.map((p) => personAccess(base, p)), after: people.map((p) => personAccess(head, p)) });
  const indexOf = new Map(people.map((p, i) => [p, i]));

  const headRoleIds = new Set(head.businessRoles.map((r) => r.id));
  for (const role of [...head.businessRoles, ...base.businessRoles.filter((r) => !headRoleIds.has(r.id))]) {
    const was = baseRoles.get(role.id);
    const is = headRoleIds.has(role.id) ? role : undefined;
    const birthright = (r: typeof role | undefined) => (r?.spec.assignment?.type === "birthright" ? r.membershipRule : undefined);
    if (birthright(was) !== birthright(is))
      compare(
        "business role",
        role.id,
        (p) => matches(birthright(was), p),
        (p) => matches(birthright(is), p),
        "gains membership",
        "loses membership",
      );
    if (
      !same(
        was?.spec.assignment?.type === "request" ? was.spec.assignment.requestors : undefined,
        is?.spec.assignment?.type === "request" ? is.spec.assignment.requestors : undefined,
      )
    ) {
      const a = accesses();
      compare(
        "business role",
        role.id,
        (p) => (was ? mayRequest(was, p, new Set(a.before[indexOf.get(p)!]!.groups)) !== undefined : false),
        (p) => (is ? mayRequest(is, p, new Set(a.after[indexOf.get(p)!]!.groups)) !== undefined : false),
        "may request",
        "may no longer request",
      );
    }
  }
  const headGroupIds = new Set(head.groups.map((g) => g.id));
  for (const group of [...head.groups, ...base.groups.filter((g) => !headGroupIds.has(g.id))]) {
    const was = baseGroups.get(group.id)?.membershipRule;
    const is = headGroupIds.has(group.id) ? group.membershipRule : undefined;
    if (was !== is)
      compare(
        "group",
        group.id,
        (p) => matches(was, p),
        (p) => matches(is, p),
        "gains membership",
        "loses membership",
      );
  }
  const eligibleOf = (c: Catalog) => new Map(c.privilegedRoles.map((r) => [r.id, new Set(r.spec.eligible.map((e) => e.principal.toLowerCase()))]));
  const eb = eligibleOf(base);
  const eh = eligibleOf(head);
  for (const id of [...new Set([...eb.keys(), ...eh.keys()])].sort()) {
    const was = eb.get(id) ?? new Set();
    const is = eh.get(id) ?? new Set();
    if (!same([...was].sort(), [...is].sort()))
      compare(
        "privileged role",
        id,
        (p) => was.has(p.upn.toLowerCase()),
        (p) => is.has(p.upn.toLowerCase()),
        "becomes eligible",
        "no longer eligible",
      );
  }
  const basePolicies = new Map(base.conditionalAccessPolicies.map((p) => [p.id, p]));
  const changedPolicies = head.conditionalAccessPolicies.filter((p) => !same(basePolicies.get(p.id)?.spec, p.spec)).map((p) => p.id);
  // Memberships that changed move people in or out of a policy's scope only when the policy names those groups.
  const changedGroups = new Set<string>();
  for (const item of items) {
    if (item.kind === "group") changedGroups.add(item.id);
    if (item.kind === "business role")
      for (const g of [...(baseRoles.get(item.id)?.effectiveGroups ?? []), ...(head.businessRoles.find((r) => r.id === item.id)?.effectiveGroups ?? [])])
        changedGroups.add(g);
  }
  const namesChanged = (c: Catalog) =>
    c.conditionalAccessPolicies.some((p) => [...p.spec.users.include.groups, ...p.spec.users.exclude.groups].some((g) => changedGroups.has(g)));
  if (changedPolicies.length || namesChanged(base) || namesChanged(head)) {
    const a = accesses();
    const hasEnv = (c: Catalog) => c.environments.some((e) => e.id === environment);
    if (hasEnv(base) && hasEnv(head)) {
      const vb = environmentView(base, environment);
      const vh = environmentView(head, environment);
      const before = a.before.map((x) => new Set(policiesFor(vb, x).map((p) => p.policy)));
      const after = a.after.map((x) => new Set(policiesFor(vh, x).map((p) => p.policy)));
      const ids = [...new Set([...base.conditionalAccessPolicies, ...head.conditionalAccessPolicies].map((p) => p.id))].sort();
      for (const id of ids)
        compare(
          "conditional access policy",
          id,
          (p) => before[indexOf.get(p)!]!.has(id),
          (p) => after[indexOf.get(p)!]!.has(id),
          "becomes subject",
          "leaves scope",
        );
    }
  }
  const affected = new Set<string>();
  for (const item of items) for (const list of item.people.values()) for (const u of list) affected.add(u.toLowerCase());
  return { items: items.sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0)), peopleAffected: affected.size };
}

/**
 * A stable pseudonym for a UPN, for comments on repositories where personal data must not appear: the same person
 * gets the same pseudonym in every run with the same key, and the UPN cannot be read back without the key.
 */
export function pseudonym(upn: string, key: string): string {
  return `person-${createHash("sha256").update(`${key}\u0000${upn.toLowerCase()}`).digest("hex").slice(0, 12)}`;
}
