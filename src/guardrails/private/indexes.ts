import type { z } from "zod";
import type { BusinessRole, Catalog, Group } from "../../model/model";
import type { Sensitivity as SensitivitySchema } from "../../schema/primitives";

type Sensitivity = z.infer<typeof SensitivitySchema>;

const groups = new WeakMap<Catalog, Map<string, Group>>();
/** The catalog's groups by ID, built once per catalog however many rules and environments look groups up. */
export function groupIndex(catalog: Catalog): Map<string, Group> {
  let index = groups.get(catalog);
  if (!index) groups.set(catalog, (index = new Map(catalog.groups.map((g) => [g.id, g]))));
  return index;
}

const roles = new WeakMap<Catalog, Map<string, BusinessRole>>();
/** The catalog's business roles by ID (the first with an ID, as a search of the list finds it), built once per catalog. */
export function businessRoleIndex(catalog: Catalog): Map<string, BusinessRole> {
  let index = roles.get(catalog);
  if (!index) {
    roles.set(catalog, (index = new Map()));
    for (const r of catalog.businessRoles) if (!index.has(r.id)) index.set(r.id, r);
  }
  return index;
}

const appRoles = new WeakMap<Catalog, Map<string, Sensitivity | undefined>>();
/** The sensitivity of each app role, by `<application>/<app role>`. */
export function appRoleSensitivity(catalog: Catalog): Map<string, Sensitivity | undefined> {
  let index = appRoles.get(catalog);
  if (!index)
    appRoles.set(catalog, (index = new Map(catalog.applications.flatMap((a) => a.spec.appRoles.map((r) => [`${a.id}/${r.id}`, r.sensitivity] as const)))));
  return index;
}

/** A value computed once per catalog (the analysis behind several rules, in every environment). */
export function oncePerCatalog<T>(cache: WeakMap<Catalog, T>, catalog: Catalog, compute: () => T): T {
  let value = cache.get(catalog);
  if (value === undefined) cache.set(catalog, (value = compute()));
  return value;
}
