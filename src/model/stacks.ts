import type { BusinessRole, Catalog } from "./model";

/** What a stack holds: each concern is reviewed, planned and applied on its own. */
export type StackKind = "directory" | "groups" | "access" | "privileged-access" | "governance" | "conditional-access";

export interface StackPlan {
  /** `<environment>-<concern>[-<domain>]`, e.g. `prod-access-finance`. Also the folder under cdktf.out/stacks. */
  readonly name: string;
  readonly environment: string;
  readonly kind: StackKind;
  /** For access stacks: the business domain. */
  readonly domain?: string;
}

/** The order stacks must be applied in: each reads object IDs only from stacks before it. */
export const STACK_ORDER: readonly StackKind[] = ["directory", "groups", "access", "privileged-access", "governance", "conditional-access"];

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
 * Stacks with nothing in them are not emitted; a stack whose entries are all retired stays, so that its `removed`
 * blocks (or the destroy) can be planned.
 */
export function planStacks(catalog: Catalog, environment: string): StackPlan[] {
  const stacks: StackPlan[] = [];
  const r = catalog.retired;
  if (catalog.administrativeUnits.length + r.administrativeUnits.length > 0) stacks.push({ name: `${environment}-directory`, environment, kind: "directory" });
  const roles = [...catalog.businessRoles, ...r.businessRoles];
  if (
    catalog.groups.length +
      r.groups.length +
      catalog.accessPackageCatalogs.length +
      r.accessPackageCatalogs.length +
      roles.filter((x) => x.hasRoleGroup).length >
    0
  ) {
    stacks.push({ name: `${environment}-groups`, environment, kind: "groups" });
  }
  const domains = new Set(roles.filter((role) => grantsInAccessStack(role, catalog)).map((role) => role.domain));
  for (const domain of [...domains].sort()) stacks.push({ name: `${environment}-access-${domain}`, environment, kind: "access", domain });
  if (catalog.privilegedRoles.length + r.privilegedRoles.length > 0)
    stacks.push({ name: `${environment}-privileged-access`, environment, kind: "privileged-access" });
  if (governanceEntryCount(catalog) > 0) stacks.push({ name: `${environment}-governance`, environment, kind: "governance" });
  const ca = [
    catalog.conditionalAccessPolicies,
    catalog.namedLocations,
    catalog.authenticationStrengths,
    r.conditionalAccessPolicies,
    r.namedLocations,
    r.authenticationStrengths,
  ];
  if (ca.some((list) => list.length > 0)) stacks.push({ name: `${environment}-conditional-access`, environment, kind: "conditional-access" });
  return stacks;
}

/** Whether a role has anything for its domain's access stack (a package, app roles, or nesting into unmanaged groups). */
export function grantsInAccessStack(role: BusinessRole, catalog: Catalog): boolean {
  if (!role.hasRoleGroup) return false;
  if (role.spec.assignment?.type === "request" || role.effectiveAppRoles.length > 0) return true;
  const groups = [...catalog.groups, ...catalog.retired.groups];
  return role.effectiveGroups.some((id) => {
    const g = groups.find((x) => x.id === id);
    return g?.spec.membership.type === "assigned" && !g.spec.membership.managed;
  });
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
