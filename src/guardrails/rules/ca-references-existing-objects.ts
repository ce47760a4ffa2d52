import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Policies reference only users, groups and roles that exist. MT.1038, MT.1066 */
export function caReferencesExistingObjects(ctx: RuleContext): Violation[] {
  const groups = new Set(ctx.catalog.groups.map((g) => g.id));
  return ctx.catalog.conditionalAccessPolicies.flatMap((p) =>
    (["include", "exclude"] as const).flatMap((side) =>
      p.spec.users[side].groups.filter((g) => !groups.has(g)).map((g) => at(p, "conditionalAccessPolicies", `Policy '${p.id}' ${side}s group '${g}', which the catalog does not manage.`, ["users", side, "groups"])),
    ),
  );
}
