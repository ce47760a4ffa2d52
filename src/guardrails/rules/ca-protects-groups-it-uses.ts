import type { RuleContext, Violation } from "../types";
import { at, state } from "../private/helpers";
import { groupIndex } from "../private/indexes";

/** Groups that decide who a policy applies to can only be changed by privileged administrators. MT.1035 */
export function caProtectsGroupsItUses(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  const groups = groupIndex(ctx.catalog);
  for (const p of ctx.catalog.conditionalAccessPolicies.filter((x) => state(ctx, x) !== "disabled")) {
    for (const side of ["include", "exclude"] as const) {
      p.spec.users[side].groups.forEach((id, i) => {
        const g = groups.get(id);
        if (g && !g.spec.assignableToRole) {
          const who =
            g.spec.membership.type === "dynamic"
              ? "which is dynamic (and so cannot be role-assignable): whoever changes its rule or the HR attributes it reads"
              : "which is not role-assignable: group owners and Groups Administrators";
          out.push(
            at(p, "conditionalAccessPolicies", `Policy '${p.id}' ${side}s group '${id}', ${who} can change who the policy applies to.`, [
              "users",
              side,
              "groups",
              i,
            ]),
          );
        }
      });
    }
  }
  return out;
}
