import type { RuleContext, Violation } from "../types";
import { at, daysBetween } from "../private/helpers";

/** Eligibility for a privileged role ends within 90 days (renewal is a new, reviewed change). */
export function privEligibilityExpires(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const p of ctx.catalog.privilegedRoles) {
    p.spec.eligible.forEach((e, i) => {
      const days = e.durationDays ?? daysBetween(ctx.today, e.expires!);
      if (days > 90)
        out.push(at(p, "privilegedRoles", `${e.principal} is eligible for ${p.spec.directoryRole} (${p.id}) for ${days} days; at most 90.`, ["eligible", i]));
      else if (e.expires && days < 0)
        out.push(
          at(p, "privilegedRoles", `The eligibility of ${e.principal} for ${p.spec.directoryRole} (${p.id}) ended on ${e.expires}; remove it or renew it.`, [
            "eligible",
            i,
            "expires",
          ]),
        );
    });
    if (p.spec.eligibilityMaxDays > 90)
      out.push(at(p, "privilegedRoles", `PIM for ${p.id} allows eligibility of ${p.spec.eligibilityMaxDays} days; at most 90.`, ["eligibilityMaxDays"]));
  }
  return out;
}
