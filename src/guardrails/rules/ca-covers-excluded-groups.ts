import type { RuleContext, Violation } from "../types";
import type { ConditionalAccessPolicy } from "../../model/model";
import { at, blocks, state, unconditional } from "../private/helpers";

/** Whether q applies to at least the applications p targets. */
function coversApps(q: ConditionalAccessPolicy, p: ConditionalAccessPolicy): boolean {
  const qa = q.spec.applications;
  const pa = p.spec.applications;
  if (!("include" in qa) || !("include" in pa)) return false;
  return qa.include.includes("All") ? qa.exclude.length === 0 : pa.include.every((a) => qa.include.includes(a));
}

/** A group excluded from a policy is still covered by another policy with the same kind of control. MT.1036 */
export function caCoversExcludedGroups(ctx: RuleContext): Violation[] {
  const active = ctx.catalog.conditionalAccessPolicies.filter((x) => state(ctx, x) === "enabled");
  const out: Violation[] = [];
  for (const p of active) {
    p.spec.users.exclude.groups.forEach((id, i) => {
      const fallback = active.some(
        (q) =>
          q !== p &&
          blocks(q) === blocks(p) &&
          unconditional(q) &&
          coversApps(q, p) &&
          (q.spec.users.include.all || q.spec.users.include.groups.includes(id)) &&
          !q.spec.users.exclude.groups.includes(id),
      );
      if (!fallback)
        out.push(
          at(
            p,
            "conditionalAccessPolicies",
            `Group '${id}' is excluded from policy '${p.id}' and no other enabled policy gives its members a ${blocks(p) ? "block" : "grant control"} instead.`,
            ["users", "exclude", "groups", i],
          ),
        );
    });
  }
  return out;
}
