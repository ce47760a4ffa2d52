import type { z } from "zod";
import type { BusinessRole, Catalog } from "../../model/model";
import type { Sensitivity } from "../../schema/primitives";
import { appRoleSensitivity, groupIndex } from "./indexes";

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
  const groups = groupIndex(catalog);
  const appRoles = appRoleSensitivity(catalog);
  for (const id of role.effectiveGroups) {
    const s = groups.get(id)?.spec.sensitivity;
    raise(s, `it grants group '${id}' (${s})`);
  }
  for (const grant of role.effectiveAppRoles) {
    const ref = `${grant.application}/${grant.appRole}`;
    const s = appRoles.get(ref);
    raise(s, `it grants app role '${ref}' (${s})`);
  }
  return { level, because };
}
