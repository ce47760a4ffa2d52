import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Group names start with an upper-case unit code (FIN, HR, ICT …) and a space, so their owner is obvious. */
export function hygGroupNaming(ctx: RuleContext): Violation[] {
  return ctx.catalog.groups
    .filter((g) => !/^[A-Z]{2,5} \S/.test(g.spec.displayName))
    .map((g) =>
      at(g, "groups", `Group name '${g.spec.displayName}' does not start with an upper-case unit code and a space (e.g. 'FIN Accounts Payable').`, [
        "displayName",
      ]),
    );
}
