import { hash } from "node:crypto";
import { DEFAULT_MAX_STACK_RESOURCES } from "../schema/idac-file";
import type { BusinessRole, Catalog, Group } from "./model";

/** What a stack holds: each concern is reviewed, planned and applied on its own. */
export type StackKind = "directory" | "role-groups" | "groups" | "access" | "privileged-access" | "governance" | "conditional-access";

export interface StackPlan {
  /**
   * `<environment>-<concern>[-<domain>]`, e.g. `prod-access-finance`; a shard adds its number: `prod-groups-3`,
   * `prod-role-groups-0`, `prod-access-finance--1`. Also the folder under cdktf.out/stacks.
   */
  readonly name: string;
  readonly environment: string;
  readonly kind: StackKind;
  /** For access stacks: the business domain. */
  readonly domain?: string;
  /** For a shard: its number, from 0, and how many shards its concern has (a power of two). */
  readonly shard?: { readonly index: number; readonly count: number };
}

/**
 * The order of concerns: each reads object IDs only from concerns before it (role groups hold nothing but people;
 * groups list role groups among their members; access stacks grant both).
 */
export const STACK_ORDER: readonly StackKind[] = ["directory", "role-groups", "groups", "access", "privileged-access", "governance", "conditional-access"];

/** How the stacks of one environment are cut, and where each catalog object lives. */
export interface StackLayout {
  /** In apply order: by concern ({@link STACK_ORDER}), then domain, then shard. */
  readonly stacks: readonly StackPlan[];
  /** The ceiling the layout was cut for. */
  readonly maxResources: number;
  /** The stack of the environment's access package catalogs (and of groups and role groups when not sharded). */
  readonly groupsStack?: string;
  /** Stack of each group, by catalog ID (retired ones included). */
  readonly groups: ReadonlyMap<string, string>;
  /** Stack of each business role's group, by role ID. */
  readonly roleGroups: ReadonlyMap<string, string>;
  /** Stack of what each business role grants, by role ID, for roles that have something there. */
  readonly access: ReadonlyMap<string, string>;
  /**
   * Resources the catalog puts in each directory, groups, role groups and access stack (what extensions add comes on
   * top); the other stacks are never split, and synth counts theirs.
   */
  readonly resources: ReadonlyMap<string, number>;
}

/**
 * Splits one environment into stacks whose references only ever point backwards in {@link STACK_ORDER}, so they
 * form a chain that can always be planned and applied, whatever the catalog grants across domains:
 * - `directory`: administrative units;
 * - `groups`: every group, every business role's group and every access package catalog (grants cross domains:
 *   a finance role may grant a shared group and a shared role a finance group);
 * - `access-<domain>`: what each domain's business roles grant and how they are requested: access packages and
 *   their policies, app role assignments, role groups nested into groups idac does not manage;
 * - `privileged-access`: PIM groups, directory role assignments, eligibility, PIM policies;
 * - `governance`: what azuread cannot express, through Microsoft Graph (the msgraph provider): access reviews,
 *   incompatible access packages and groups, automatic assignment policies, and the objects listed in
 *   {@link governanceEntryCount};
 * - `conditional-access`: named locations, authentication strengths, policies (applied with -parallelism=1).
 *
 * When the groups would exceed the ceiling (`stacks.maxResources`), role groups move to `<env>-role-groups-<n>` and
 * groups to `<env>-groups-<n>` (the catalogs stay in `<env>-groups`); an access stack over the ceiling becomes
 * `<env>-access-<domain>--<n>`. The shard of an object is a hash of its oldest catalog ID modulo a power of two, the
 * smallest that keeps every shard under the ceiling: the same catalog always gives the same layout, a renamed entry
 * stays where it was, and when a concern outgrows its shards their number doubles, so each shard splits in two.
 * Stacks with nothing in them are not emitted; a stack whose entries are all retired stays, so that its `removed`
 * blocks (or the destroy) can be planned.
 */
export function stackLayout(catalog: Catalog, environment: string): StackLayout {
  return cutStacks(catalog, environment, true);
}

/** The stacks of one environment in apply order (see {@link stackLayout}). */
export function planStacks(catalog: Catalog, environment: string): StackPlan[] {
  return [...cutStacks(catalog, environment, false).stacks];
}

/** {@link stackLayout}; without `placeEntries`, the maps of where each entry lives stay empty (the stacks are the same). */
function cutStacks(catalog: Catalog, environment: string, placeEntries: boolean): StackLayout {
  const maxResources = catalog.stackSettings?.maxResources ?? DEFAULT_MAX_STACK_RESOURCES;
  const r = catalog.retired;
  const stacks: StackPlan[] = [];
  const resources = new Map<string, number>();
  const add = (plan: StackPlan, count?: number) => {
    stacks.push(plan);
    if (count !== undefined) resources.set(plan.name, count);
  };
  if (catalog.administrativeUnits.length + r.administrativeUnits.length > 0)
    add({ name: `${environment}-directory`, environment, kind: "directory" }, catalog.administrativeUnits.length);

  const roles = [...catalog.businessRoles, ...r.businessRoles];
  const withGroup = roles.filter((x) => x.hasRoleGroup);
  const groups = [...catalog.groups, ...r.groups];
  const catalogs = catalog.accessPackageCatalogs.length + r.accessPackageCatalogs.length;
  // Retired entries weigh nothing: their stacks hold only `removed` blocks.
  const retired = new Set<Group | BusinessRole>([...r.groups, ...r.businessRoles]);
  const weight = (e: Group | BusinessRole, w: number) => (retired.has(e) ? 0 : w);
  const roleGroupItems = withGroup.map((role) => ({ id: role.id, hash: entryHash(role), weight: weight(role, 1) }));
  const groupItems = groups.map((g) => ({ id: g.id, hash: entryHash(g), weight: weight(g, groupResources(g)) }));
  const roleGroupMap = new Map<string, string>();
  const groupMap = new Map<string, string>();
  let groupsStack: string | undefined;
  const hub = `${environment}-groups`;
  const together = catalogs + sum(roleGroupItems) + sum(groupItems);
  if (catalogs + withGroup.length + groups.length > 0) {
    if (together <= maxResources) {
      add({ name: hub, environment, kind: "groups" }, together);
      groupsStack = hub;
      if (placeEntries) {
        for (const x of roleGroupItems) roleGroupMap.set(x.id, hub);
        for (const x of groupItems) groupMap.set(x.id, hub);
      }
    } else {
      if (catalogs > 0) {
        add({ name: hub, environment, kind: "groups" }, catalog.accessPackageCatalogs.length);
        groupsStack = hub;
      }
      shard(
        roleGroupItems,
        maxResources,
        (i, count) => ({ name: `${environment}-role-groups-${i}`, environment, kind: "role-groups", shard: { index: i, count } }),
        placeEntries ? roleGroupMap : undefined,
        add,
      );
      shard(
        groupItems,
        maxResources,
        (i, count) => ({ name: `${environment}-groups-${i}`, environment, kind: "groups", shard: { index: i, count } }),
        placeEntries ? groupMap : undefined,
        add,
      );
    }
  }

  const accessMap = new Map<string, string>();
  const unmanaged = new Set(groups.filter((g) => g.spec.membership.type === "assigned" && !g.spec.membership.managed).map((g) => g.id));
  const byDomain = new Map<string, ShardItem[]>();
  for (const role of withGroup) {
    if (!grantsInAccess(role, unmanaged)) continue;
    const list = byDomain.get(role.domain) ?? [];
    list.push({ id: role.id, hash: entryHash(role), weight: weight(role, accessResources(role, unmanaged)) });
    byDomain.set(role.domain, list);
  }
  for (const domain of [...byDomain.keys()].sort()) {
    const items = byDomain.get(domain)!;
    const name = `${environment}-access-${domain}`;
    if (sum(items) <= maxResources) {
      add({ name, environment, kind: "access", domain }, sum(items));
      if (placeEntries) for (const x of items) accessMap.set(x.id, name);
    } else {
      shard(
        items,
        maxResources,
        (i, count) => ({ name: `${name}--${i}`, environment, kind: "access", domain, shard: { index: i, count } }),
        placeEntries ? accessMap : undefined,
        add,
      );
    }
  }

  if (catalog.privilegedRoles.length + r.privilegedRoles.length > 0) add({ name: `${environment}-privileged-access`, environment, kind: "privileged-access" });
  if (governanceEntryCount(catalog) > 0) add({ name: `${environment}-governance`, environment, kind: "governance" });
  const ca = [
    catalog.conditionalAccessPolicies,
    catalog.namedLocations,
    catalog.authenticationStrengths,
    r.conditionalAccessPolicies,
    r.namedLocations,
    r.authenticationStrengths,
  ];
  if (ca.some((list) => list.length > 0)) add({ name: `${environment}-conditional-access`, environment, kind: "conditional-access" });
  return {
    stacks: sortStackPlans(stacks),
    maxResources,
    ...(groupsStack ? { groupsStack } : {}),
    groups: groupMap,
    roleGroups: roleGroupMap,
    access: accessMap,
    resources,
  };
}

/** Stack plans in apply order: by concern, then domain, then shard number (the stack without a number first). */
export function sortStackPlans<T extends StackPlan>(plans: readonly T[]): T[] {
  const rank = (p: StackPlan) => STACK_ORDER.indexOf(p.kind);
  return [...plans].sort(
    (a, b) => rank(a) - rank(b) || compare(a.domain ?? "", b.domain ?? "") || (a.shard?.index ?? -1) - (b.shard?.index ?? -1) || compare(a.name, b.name),
  );
}

/**
 * The key an entry is sharded by: its oldest catalog ID (`previousIds` lists the most recent first), so renaming an
 * entry never moves it to another stack.
 */
export function stableKey(entry: { readonly id: string; readonly spec: { readonly previousIds?: readonly string[] | undefined } }): string {
  return entry.spec.previousIds?.at(-1) ?? entry.id;
}

/** The shard of `key` among `count` shards (a power of two): the low bits of the key's SHA-256. */
export function shardOf(key: string, count: number): number {
  return keyHash(key) & (count - 1);
}

/** The first four bytes of the key's SHA-256, of which a shard number takes the low bits. */
function keyHash(key: string): number {
  return hash("sha256", key, "buffer").readUInt32BE(0);
}

const entryHashes = new WeakMap<object, number>();

/** {@link keyHash} of an entry's stable key, computed once per entry: every environment and shard count reads it. */
function entryHash(entry: Group | BusinessRole): number {
  let h = entryHashes.get(entry);
  if (h === undefined) entryHashes.set(entry, (h = keyHash(stableKey(entry))));
  return h;
}

/** Whether a role has anything for its domain's access stack (a package, app roles, or nesting into unmanaged groups). */
function grantsInAccess(role: BusinessRole, unmanaged: ReadonlySet<string>): boolean {
  if (!role.hasRoleGroup) return false;
  if (role.spec.assignment?.type === "request" || role.effectiveAppRoles.length > 0) return true;
  return role.effectiveGroups.some((id) => unmanaged.has(id));
}

/** The group's resources: the group, and its administrative unit membership. */
function groupResources(group: Group): number {
  return 1 + (group.spec.administrativeUnit ? 1 : 0);
}

/**
 * A role's resources in its access stack: for a requestable role the access package, its two resource associations
 * and its assignment policy; an app role assignment per app role; a membership per unmanaged group it grants.
 */
function accessResources(role: BusinessRole, unmanaged: ReadonlySet<string>): number {
  const request = role.spec.assignment?.type === "request" ? 4 : 0;
  return request + role.effectiveAppRoles.length + role.effectiveGroups.filter((id) => unmanaged.has(id)).length;
}

interface ShardItem {
  readonly id: string;
  /** {@link keyHash} of the item's stable key. */
  readonly hash: number;
  readonly weight: number;
}

/** The largest number of shards tried: beyond it, a single entry is over the ceiling and synth says so. */
const MAX_SHARDS = 1024;

/**
 * Places items in the fewest power-of-two shards that keep each under `max` (recording each in `placed`, when given),
 * and adds the shards that hold any.
 */
function shard(
  items: readonly ShardItem[],
  max: number,
  plan: (index: number, count: number) => StackPlan,
  placed: Map<string, string> | undefined,
  add: (plan: StackPlan, count: number) => void,
): void {
  if (!items.length) return;
  let count = 2;
  while (count < Math.ceil(sum(items) / max)) count *= 2;
  let loads: number[];
  for (;;) {
    loads = new Array<number>(count).fill(0);
    for (const x of items) loads[x.hash & (count - 1)]! += x.weight;
    if (loads.every((l) => l <= max) || count >= MAX_SHARDS) break;
    count *= 2;
  }
  const plans = loads.map((_, i) => plan(i, count));
  const used = new Set<number>();
  for (const x of items) {
    const i = x.hash & (count - 1);
    used.add(i);
    placed?.set(x.id, plans[i]!.name);
  }
  for (const i of [...used].sort((a, b) => a - b)) add(plans[i]!, loads[i]!);
}

function sum(items: readonly { weight: number }[]): number {
  return items.reduce((n, x) => n + x.weight, 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How many catalog entries put objects into the governance stack (active and retired: a retired entry's stack stays
 * so that its removal can be planned).
 */
export function governanceEntryCount(catalog: Catalog): number {
  const lists: readonly (readonly unknown[])[] = [
    // --- access reviews, SoD enforcement, automatic assignment ---
    catalog.accessReviews,
    catalog.retired.accessReviews,
    catalog.sodRules.filter((r) => r.spec.enforcement === "incompatible"),
    catalog.businessRoles.filter((r) => r.spec.assignment?.type === "request" && r.spec.assignment.autoAssign),
    // --- end access reviews, SoD enforcement, automatic assignment ---
    // --- lifecycle workflows, authentication methods, directory role activation settings ---
    catalog.lifecycleWorkflows,
    catalog.authenticationMethodsPolicies,
    catalog.directoryRoleSettings,
    // --- end lifecycle workflows, authentication methods, directory role activation settings ---
  ];
  return lists.reduce((n, l) => n + l.length, 0);
}
