import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Every requestable access package has an expiry. */
export function govRequestableExpires(ctx: RuleContext): Violation[] {
  return ctx.catalog.businessRoles.flatMap((r) => {
    const a = r.spec.assignment;
    return a?.type === "request" && "never" in a.expiry
      ? [at(r, "businessRoles", `Access package '${r.id}' assignments never expire.`, ["assignment", "expiry"])]
      : [];
  });
}
