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

/** Where entries retired with `forget` were at the base, by catalog ID now, and the base stacks this names. */
export interface RetiredPlacements {
  readonly groups: ReadonlyMap<string, string>;
  readonly roleGroups: ReadonlyMap<string, string>;
  readonly access: ReadonlyMap<string, string>;
  readonly plans: readonly StackPlan[];
}

/** How the layout of one environment changed between the base revision and now. */
export interface LayoutChanges {
  /**
   * Active objects that change stacks (a concern outgrew its shards, or the ceiling changed), sorted by kind, then ID.
   */
  readonly moves: readonly StackMove[];
  /**
   * Where entries retired with `forget` must write their `removed` blocks: the stack they were in at the base, when
   * the layout moved them since (the removed block must be in the state that holds them).
   */
  readonly retired: RetiredPlacements;
}

type Entry = { readonly id: string; readonly spec: { readonly previousIds?: readonly string[] | undefined } };
type Pick = (l: StackLayout) => ReadonlyMap<string, string>;

/**
 * Compares the layout of one environment at the base revision with `now` (the current catalog's layout, computed
 * once by the caller). Entries are matched by their oldest catalog ID, so a rename is not taken for a new object.
 */
export function layoutChanges(base: Catalog, current: Catalog, environment: string, now: StackLayout): LayoutChanges {
  const moves: StackMove[] = [];
  const retired = { groups: new Map<string, string>(), roleGroups: new Map<string, string>(), access: new Map<string, string>(), plans: [] as StackPlan[] };
  if (!base.environments.some((e) => e.id === environment)) return { moves, retired };
  const before = stackLayout(base, environment);
  const planAt = (name: string) => before.stacks.find((s) => s.name === name)!;
  const baseGroups = keyed([...base.groups, ...base.retired.groups]);
  const baseRoles = keyed([...base.businessRoles, ...base.retired.businessRoles]);
  /** Each entry whose stack at the base (`from`) is not its stack now (`to`, undefined when it has none now). */
  const relocated = (entries: readonly Entry[], baseIds: ReadonlyMap<string, string>, pick: Pick) =>
    entries.flatMap((entry) => {
      const baseId = baseIds.get(stableKey(entry));
      const from = baseId === undefined ? undefined : pick(before).get(baseId);
      const to = pick(now).get(entry.id);
      return from === undefined || from === to ? [] : [{ id: entry.id, baseId: baseId!, from, to }];
    });

  const kinds: [StackMove["kind"], Pick, ReadonlyMap<string, string>, "groups" | "roleGroups" | "access"][] = [
    ["group", (l) => l.groups, baseGroups, "groups"],
    ["roleGroup", (l) => l.roleGroups, baseRoles, "roleGroups"],
    ["access", (l) => l.access, baseRoles, "access"],
  ];
  for (const [kind, pick, baseIds, field] of kinds) {
    const active = kind === "group" ? current.groups : current.businessRoles;
    for (const r of relocated(active, baseIds, pick)) if (r.to !== undefined) moves.push({ kind, id: r.id, baseId: r.baseId, from: planAt(r.from), to: r.to });
    const gone = kind === "group" ? current.retired.groups : current.retired.businessRoles;
    for (const r of relocated(gone, baseIds, pick)) {
      retired[field].set(r.id, r.from);
      if (!retired.plans.some((p) => p.name === r.from)) retired.plans.push(planAt(r.from));
    }
  }
  moves.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { moves, retired };
}

function keyed(entries: readonly Entry[]): Map<string, string> {
  return new Map(entries.map((e) => [stableKey(e), e.id]));
}
