import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Owners of PIM groups are themselves privileged administrators (an owner can add members). */
export function privGroupsOwnedByPrivileged(ctx: RuleContext): Violation[] {
  const privileged = new Set(ctx.catalog.privilegedRoles.flatMap((p) => [...p.spec.eligible, ...p.spec.active].map((e) => ctx.view.person(e.principal))));
  const out: Violation[] = [];
  for (const p of ctx.catalog.privilegedRoles) {
    p.spec.group.owners.forEach((o, i) => {
      if (!privileged.has(ctx.view.person(o)))
        out.push(
          at(p, "privilegedRoles", `${o} owns the PIM group of ${p.id} but is not eligible for any privileged role: an owner can make anyone a member.`, [
            "group",
            "owners",
            i,
          ]),
        );
    });
  }
  return out;
}
