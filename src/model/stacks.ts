import type { Catalog } from "./model";

/** What a stack holds: each concern is reviewed, planned and applied on its own. */
export type StackKind = "directory" | "access" | "privileged-access" | "conditional-access";

export interface StackPlan {
  /** `<environment>-<concern>[-<domain>]`, e.g. `prod-access-finance`. Also the folder under cdktf.out/stacks. */
  readonly name: string;
  readonly environment: string;
  readonly kind: StackKind;
  /** For access stacks: the business domain. */
  readonly domain?: string;
}

/**
 * Splits one environment into stacks by concern, so that reviewers and blast radius line up:
 * administrative units; access per business domain (groups, business roles, catalogs, access packages);
 * privileged access (PIM groups, role assignments, eligibility, activation policies); conditional access
 * (named locations, authentication strengths, policies; applied with -parallelism=1).
 * Stacks with nothing in them are not emitted; a stack whose entries are all retired stays, so that its
 * `removed` blocks (or the destroy) can be planned.
 */
export function planStacks(catalog: Catalog, environment: string): StackPlan[] {
  const stacks: StackPlan[] = [];
  const r = catalog.retired;
  if (catalog.administrativeUnits.length + r.administrativeUnits.length > 0) stacks.push({ name: `${environment}-directory`, environment, kind: "directory" });
  const domains = new Set<string>();
  const withRoleGroup = [...catalog.businessRoles, ...r.businessRoles].filter((role) => role.hasRoleGroup);
  for (const list of [catalog.groups, r.groups, catalog.accessPackageCatalogs, r.accessPackageCatalogs, withRoleGroup]) {
    for (const e of list) domains.add(e.domain);
  }
  for (const domain of [...domains].sort()) stacks.push({ name: `${environment}-access-${domain}`, environment, kind: "access", domain });
  if (catalog.privilegedRoles.length + r.privilegedRoles.length > 0) stacks.push({ name: `${environment}-privileged-access`, environment, kind: "privileged-access" });
  const ca = [catalog.conditionalAccessPolicies, catalog.namedLocations, catalog.authenticationStrengths, r.conditionalAccessPolicies, r.namedLocations, r.authenticationStrengths];
  if (ca.some((list) => list.length > 0)) {
    stacks.push({ name: `${environment}-conditional-access`, environment, kind: "conditional-access" });
  }
  return stacks;
}
