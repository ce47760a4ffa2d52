import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Nobody holds a privileged role standing: only eligibility, activated when needed. MS.AAD.7.4, MS.AAD.7.5, MT.1031 */
export function privNoStandingAssignment(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const p of ctx.catalog.privilegedRoles) {
    p.spec.active.forEach((a, i) =>
      out.push(
        at(
          p,
          "privilegedRoles",
          `${a.principal} holds ${p.spec.directoryRole} (${p.id}) as a standing` +
            `${a.permanent ? ", permanent" : ""} assignment; privileged roles are only eligible, ` +
            `apart from the break-glass accounts managed outside idac.`,
          ["active", i],
        ),
      ),
    );
  }
  for (const g of ctx.catalog.groups.filter((x) => x.spec.assignableToRole && x.spec.membership.type === "assigned" && x.spec.membership.members.length > 0)) {
    out.push(
      at(
        g,
        "groups",
        `Role-assignable group '${g.id}' has standing members declared in the catalog; give the role through privilegedRoles eligibility instead.`,
        ["membership", "members"],
      ),
    );
  }
  return out;
}
