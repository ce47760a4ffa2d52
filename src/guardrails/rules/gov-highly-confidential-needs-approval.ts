import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";
import { requestOf } from "../private/requestors";
import { effectiveSensitivity } from "../private/sensitivity";

/**
 * A highly confidential access package that every user, guests included, may request is never granted without
 * approval. The package's sensitivity is what it grants: declaring the role less sensitive does not lower it.
 */
export function govHighlyConfidentialNeedsApproval(ctx: RuleContext): Violation[] {
  return ctx.catalog.businessRoles.flatMap((r) => {
    const a = requestOf(r);
    if (!a || a.requestors.scope !== "allUsers" || "stages" in a.approval) return [];
    const s = effectiveSensitivity(ctx.catalog, r);
    if (s.level !== "highlyConfidential") return [];
    return [
      at(
        r,
        "businessRoles",
        `Access package '${r.id}' is highly confidential (${s.because}), yet every user ` +
          `of the tenant, guests included, can request it (requestors.scope: allUsers) and gets it ` +
          `without approval (approval: none, reason given: "${a.approval.reason}").`,
        ["assignment", "approval"],
      ),
    ];
  });
}
