import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Every requestable access package has approval. */
export function govRequestableHasApproval(ctx: RuleContext): Violation[] {
  return ctx.catalog.businessRoles.flatMap((r) => {
    const a = r.spec.assignment;
    return a?.type === "request" && !("stages" in a.approval)
      ? [at(r, "businessRoles", `Access package '${r.id}' needs no approval (reason given: "${a.approval.reason}").`, ["assignment", "approval"])]
      : [];
  });
}
