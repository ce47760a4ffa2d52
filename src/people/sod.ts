import type { Catalog } from "../model/model";
import { personAccess, type AccessSource, type EntitlementKey, type PersonAccess } from "./access";
import type { PeopleSnapshot } from "./snapshot";

/** A person who holds entitlements of two conflicting sets of one SoD rule. */
export interface PersonConflict {
  readonly upn: string;
  readonly rule: string;
  readonly severity: string;
  /** The two sets by name, in the rule's order. */
  readonly sets: readonly [string, string];
  /** What the person holds of each set, and how. */
  readonly holds: readonly [readonly HeldEntitlement[], readonly HeldEntitlement[]];
}

export interface HeldEntitlement {
  readonly entitlement: EntitlementKey;
  readonly source: AccessSource;
}

/**
 * The SoD conflicts a person holds now: for each rule, every pair of its conflicting sets the person holds
 * entitlements of, through birthright, current assignments, memberships or eligibility. Rule IDs are the same as
 * in the reachability analysis (`idac sod`).
 */
export function personConflicts(catalog: Catalog, access: PersonAccess): PersonConflict[] {
  const out: PersonConflict[] = [];
  const held = new Map<EntitlementKey, HeldEntitlement[]>();
  for (const g of access.grants) {
    const list = held.get(g.entitlement);
    if (list) list.push(g);
    else held.set(g.entitlement, [g]);
  }
  for (const rule of catalog.sodRules) {
    const sets = rule.spec.conflictingSets;
    const hits = sets.map((s) => s.entitlements.flatMap((e) => held.get(e) ?? []));
    for (let i = 0; i < sets.length; i++)
      for (let j = i + 1; j < sets.length; j++)
        if (hits[i]!.length && hits[j]!.length)
          out.push({ upn: access.person.upn, rule: rule.id, severity: rule.spec.severity, sets: [sets[i]!.name, sets[j]!.name], holds: [hits[i]!, hits[j]!] });
  }
  return out;
}

/** Every person of the snapshot who holds both sides of an SoD rule, sorted by rule then UPN. */
export function snapshotConflicts(catalog: Catalog, snapshot: PeopleSnapshot): PersonConflict[] {
  const out: PersonConflict[] = [];
  if (!catalog.sodRules.length) return out;
  for (const person of snapshot.people) out.push(...personConflicts(catalog, personAccess(catalog, person)));
  return out.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.upn.toLowerCase() < b.upn.toLowerCase() ? -1 : 1));
}
