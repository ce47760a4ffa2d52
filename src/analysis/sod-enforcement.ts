import type { Catalog } from "../model/model";
import { analyseSod } from "./sod";

/** A group that must not be combined with a role's package: a catalog group, or the role group of a birthright role. */
export interface IncompatibleGroupRef {
  readonly kind: "group" | "roleGroup";
  readonly id: string;
}

export interface RoleIncompatibilities {
  /** The requestable business role whose access package carries the incompatibilities. */
  readonly role: string;
  /** Requestable roles whose packages are incompatible with this role's package, sorted, without duplicates. */
  readonly packages: readonly string[];
  /** Groups incompatible with this role's package, sorted by kind and ID. */
  readonly groups: readonly IncompatibleGroupRef[];
  /** The SoD rules that asked for them, sorted. */
  readonly rules: readonly string[];
}

/**
 * What each requestable role's package is made incompatible with, from the SoD rules enforced as `incompatible`.
 * A role belongs to a set when its effective entitlements (itself, included roles, groups, app roles) hit the set,
 * as in the pull-request analysis, so one rule drives both. Both directions are written (A with B and B with A), so
 * whichever package someone holds first, the other is refused. A role hitting two sets of a rule is a conflict in
 * itself that incompatibility cannot express (a person would be refused their own role); the PR-time SoD finding
 * reports it and no link is made.
 */
export function incompatibilities(catalog: Catalog): RoleIncompatibilities[] {
  const rules = catalog.sodRules.filter((r) => r.spec.enforcement === "incompatible");
  if (rules.length === 0) return [];
  const { effective } = analyseSod(catalog);
  const roles = new Map(catalog.businessRoles.map((r) => [r.id, r]));
  const requestable = (id: string) => roles.get(id)?.spec.assignment?.type === "request";
  const out = new Map<string, { packages: Set<string>; groups: Map<string, IncompatibleGroupRef>; rules: Set<string> }>();
  for (const rule of rules) {
    const sets = rule.spec.conflictingSets.map((set) => {
      const keys = new Set(set.entitlements);
      const members = [...effective].filter(([, held]) => [...held].some((k) => keys.has(k))).map(([id]) => id);
      const groups: IncompatibleGroupRef[] = [
        ...set.entitlements.filter((e) => e.startsWith("group:")).map((e) => ({ kind: "group" as const, id: e.slice("group:".length) })),
        ...members.filter((id) => roles.get(id)?.spec.assignment?.type === "birthright").map((id) => ({ kind: "roleGroup" as const, id })),
      ];
      return { requestable: new Set(members.filter(requestable)), groups };
    });
    sets.forEach((set, i) => {
      for (const role of set.requestable) {
        if (sets.some((other, j) => j !== i && other.requestable.has(role))) continue;
        const entry = out.get(role) ?? { packages: new Set<string>(), groups: new Map<string, IncompatibleGroupRef>(), rules: new Set<string>() };
        sets.forEach((other, j) => {
          if (j === i) return;
          for (const r of other.requestable) if (r !== role && !set.requestable.has(r)) entry.packages.add(r);
          for (const g of other.groups) entry.groups.set(`${g.kind}:${g.id}`, g);
        });
        if (entry.packages.size + entry.groups.size === 0) continue;
        entry.rules.add(rule.id);
        out.set(role, entry);
      }
    });
  }
  return [...out.keys()].sort().map((role) => {
    const e = out.get(role)!;
    return {
      role,
      packages: [...e.packages].sort(),
      groups: [...e.groups.keys()].sort().map((k) => e.groups.get(k)!),
      rules: [...e.rules].sort(),
    };
  });
}
