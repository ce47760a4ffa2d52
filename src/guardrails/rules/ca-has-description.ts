import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Every policy says in words what it is for. */
export function caHasDescription(ctx: RuleContext): Violation[] {
  return ctx.catalog.conditionalAccessPolicies
    .filter((p) => !p.spec.description)
    .map((p) => at(p, "conditionalAccessPolicies", `Policy '${p.id}' has no description; reviewers and auditors read it.`));
}
