import type { z } from "zod";
import type { BusinessRole, Catalog } from "../../model/model";
import type { Sensitivity } from "../../schema/primitives";

type Level = z.infer<typeof Sensitivity>;
const ORDER: readonly Level[] = ["public", "internal", "confidential", "highlyConfidential"];

/**
 * How sensitive what a business role grants really is: the highest of its declared sensitivity and the sensitivity
 * of every group and app role it grants (directly or through included roles). A role cannot lower its own
 * sensitivity below what it hands out. `because` says where the level comes from, in catalog terms.
 */
export function effectiveSensitivity(catalog: Catalog, role: BusinessRole): { level: Level; because: string } {
  let level = role.spec.sensitivity;
  let because = `declared sensitivity: ${level}`;
  const raise = (candidate: Level | undefined, why: string) => {
    if (candidate && ORDER.indexOf(candidate) > ORDER.indexOf(level)) {
      level = candidate;
      because = why;
    }
  };
  for (const id of role.effectiveGroups) raise(catalog.groups.find((g) => g.id === id)?.spec.sensitivity, `it grants group '${id}' (${catalog.groups.find((g) => g.id === id)?.spec.sensitivity})`);
  for (const grant of role.effectiveAppRoles) {
    const appRole = catalog.applications.find((a) => a.id === grant.application)?.spec.appRoles.find((r) => r.id === grant.appRole);
    raise(appRole?.sensitivity, `it grants app role '${grant.application}/${grant.appRole}' (${appRole?.sensitivity})`);
  }
  return { level, because };
}
