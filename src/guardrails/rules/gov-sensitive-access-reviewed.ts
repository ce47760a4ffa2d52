import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

/** Confidential or more sensitive access has a recurring access review. */
export function govSensitiveAccessReviewed(ctx: RuleContext): Violation[] {
  return ctx.catalog.businessRoles.flatMap((r) => {
    const a = r.spec.assignment;
    return a?.type === "request" && (r.spec.sensitivity === "confidential" || r.spec.sensitivity === "highlyConfidential") && !a.review
      ? [at(r, "businessRoles", `Access package '${r.id}' is ${r.spec.sensitivity} but has no recurring access review.`, ["assignment"])]
      : [];
  });
}
