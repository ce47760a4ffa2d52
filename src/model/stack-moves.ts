import type { Catalog } from "./model";
import { stableKey, stackLayout, type StackLayout, type StackPlan } from "./stacks";

/** A catalog object whose stack is not the one it had at the base revision. */
export interface StackMove {
  /** `group`: a group; `roleGroup`: a business role's group; `access`: what a business role grants. */
  readonly kind: "group" | "roleGroup" | "access";
  /** The catalog ID now. */
  readonly id: string;
  /** The catalog ID at the base (differs when the entry was renamed too). */
  readonly baseId: string;
  /** The stack it was in at the base, and its plan there. */
  readonly from: StackPlan;
  /** The stack it is in now. */
  readonly to: string;
}

/**
 * The objects of one environment that change stacks between the base revision and now: the shard layout changed
 * (a concern outgrew its shards, or the ceiling changed). Entries are matched by their oldest catalog ID, so a
 * rename is not taken for a new object. Sorted by kind, then ID.
 */
export function stackMoves(base: Catalog, current: Catalog, environment: string): StackMove[] {
  if (!base.environments.some((e) => e.id === environment)) return [];
  const before = stackLayout(base, environment);
  const now = stackLayout(current, environment);
  const moves: StackMove[] = [];
  const baseGroups = keyed([...base.groups, ...base.retired.groups]);
  const baseRoles = keyed([...base.businessRoles, ...base.retired.businessRoles]);
  const compare = (
    kind: StackMove["kind"],
    entries: readonly Entry[],
    baseIds: ReadonlyMap<string, string>,
    pick: (l: StackLayout) => ReadonlyMap<string, string>,
  ) => {
    for (const entry of entries) {
      const baseId = baseIds.get(stableKey(entry));
      const to = pick(now).get(entry.id);
      const from = baseId === undefined ? undefined : pick(before).get(baseId);
      if (to === undefined || from === undefined || from === to) continue;
      moves.push({ kind, id: entry.id, baseId: baseId!, from: before.stacks.find((s) => s.name === from)!, to });
    }
  };
  compare("group", current.groups, baseGroups, (l) => l.groups);
  compare("roleGroup", current.businessRoles, baseRoles, (l) => l.roleGroups);
  compare("access", current.businessRoles, baseRoles, (l) => l.access);
  return moves.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

type Entry = { readonly id: string; readonly spec: { readonly previousIds?: readonly string[] | undefined } };

function keyed(entries: readonly Entry[]): Map<string, string> {
  return new Map(entries.map((e) => [stableKey(e), e.id]));
}

/**
 * Where entries retired with `forget` must write their `removed` blocks: the stack they were in at the base, when
 * the layout moved them since (the removed block must be in the state that holds them). By catalog ID now; `plans`
 * are the base stacks this names.
 */
export function retiredPlacements(
  base: Catalog,
  current: Catalog,
  environment: string,
): { readonly groups: Map<string, string>; readonly roleGroups: Map<string, string>; readonly access: Map<string, string>; readonly plans: StackPlan[] } {
  const out = { groups: new Map<string, string>(), roleGroups: new Map<string, string>(), access: new Map<string, string>(), plans: [] as StackPlan[] };
  if (!base.environments.some((e) => e.id === environment)) return out;
  const before = stackLayout(base, environment);
  const now = stackLayout(current, environment);
  const baseGroups = keyed([...base.groups, ...base.retired.groups]);
  const baseRoles = keyed([...base.businessRoles, ...base.retired.businessRoles]);
  const place = (
    entries: readonly Entry[],
    baseIds: ReadonlyMap<string, string>,
    pick: (l: StackLayout) => ReadonlyMap<string, string>,
    into: Map<string, string>,
  ) => {
    for (const entry of entries) {
      const baseId = baseIds.get(stableKey(entry));
      const from = baseId === undefined ? undefined : pick(before).get(baseId);
      if (from === undefined || from === pick(now).get(entry.id)) continue;
      into.set(entry.id, from);
      if (!out.plans.some((p) => p.name === from)) out.plans.push(before.stacks.find((s) => s.name === from)!);
    }
  };
  place(current.retired.groups, baseGroups, (l) => l.groups, out.groups);
  place(current.retired.businessRoles, baseRoles, (l) => l.roleGroups, out.roleGroups);
  place(current.retired.businessRoles, baseRoles, (l) => l.access, out.access);
  return out;
}
