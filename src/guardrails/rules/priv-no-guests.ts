import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** No guest or external account is eligible for a privileged role. MT.1025 */
export function privNoGuests(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const p of ctx.catalog.privilegedRoles) {
    [...p.spec.eligible, ...p.spec.active].forEach((e, i) => {
      if (/#ext#/i.test(e.principal))
        out.push(
          at(p, "privilegedRoles", `Guest account ${e.principal} can hold ${p.spec.directoryRole} (${p.id}).`, [
            i < p.spec.eligible.length ? "eligible" : "active",
          ]),
        );
    });
  }
  return out;
}
