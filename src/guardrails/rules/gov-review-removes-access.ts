import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** When reviewers of sensitive access do not answer, access is removed rather than kept. */
export function govReviewRemovesAccess(ctx: RuleContext): Violation[] {
  return ctx.catalog.businessRoles.flatMap((r) => {
    const a = r.spec.assignment;
    return a?.type === "request" && a.review?.whenNoResponse === "keepAccess" && r.spec.sensitivity !== "public" && r.spec.sensitivity !== "internal"
      ? [
          at(r, "businessRoles", `Access package '${r.id}' (${r.spec.sensitivity}) keeps access when reviewers do not answer.`, [
            "assignment",
            "review",
            "whenNoResponse",
          ]),
        ]
      : [];
  });
}
