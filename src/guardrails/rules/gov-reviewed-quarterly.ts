import type { AccessReviewDefinition, Catalog } from "../../model/model";
import type { RuleContext, Violation } from "../types";
import { at } from "../private/helpers";

const AT_LEAST_QUARTERLY: ReadonlySet<string> = new Set(["weekly", "monthly", "quarterly"]);

/** Whether a review recurs at least quarterly and removes access nobody confirms, automatically. */
function removesQuarterly(r: { frequency: string; whenNoResponse: string; autoApply?: boolean }): boolean {
  return AT_LEAST_QUARTERLY.has(r.frequency) && r.whenNoResponse === "removeAccess" && r.autoApply !== false;
}

/** What is wrong with the best of the reviews given, in words, or undefined when one of them is enough. */
function shortfall(reviews: readonly { frequency: string; whenNoResponse: string; autoApply?: boolean }[]): string | undefined {
  if (reviews.some(removesQuarterly)) return undefined;
  if (reviews.length === 0) return "has no recurring access review";
  const r = reviews[0]!;
  return !AT_LEAST_QUARTERLY.has(r.frequency)
    ? `is reviewed only ${r.frequency === "halfyearly" ? "half-yearly" : r.frequency === "annual" ? "once a year" : r.frequency}`
    : r.whenNoResponse !== "removeAccess"
      ? `is reviewed, but access nobody confirms is kept (whenNoResponse: ${r.whenNoResponse})`
      : "is reviewed, but decisions are not applied automatically (autoApply: false)";
}

const reviewsOf = (catalog: Catalog, key: "role" | "privilegedRole", id: string): AccessReviewDefinition[] =>
  catalog.accessReviews.filter((r) => r.spec.target[key] === id);

/** Every PIM group (privileged role) is reviewed at least quarterly, removing access nobody confirms. */
export function govPimGroupsReviewedQuarterly(ctx: RuleContext): Violation[] {
  return ctx.catalog.privilegedRoles.flatMap((p) => {
    const why = shortfall(reviewsOf(ctx.catalog, "privilegedRole", p.id).map((r) => r.spec));
    return why ? [at(p, "privilegedRoles", `The PIM group of privileged role '${p.id}' (${p.spec.directoryRole}) ${why}.`)] : [];
  });
}

/**
 * Every highly confidential business role is reviewed at least quarterly, removing access nobody confirms: through its
 * access package's review (requestable roles) or an access review of its role group.
 */
export function govHighlyConfidentialReviewedQuarterly(ctx: RuleContext): Violation[] {
  return ctx.catalog.businessRoles.flatMap((r) => {
    if (r.spec.sensitivity !== "highlyConfidential" || !r.hasRoleGroup) return [];
    const a = r.spec.assignment;
    const reviews = [...(a?.type === "request" && a.review ? [a.review] : []), ...reviewsOf(ctx.catalog, "role", r.id).map((x) => x.spec)];
    const why = shortfall(reviews);
    return why ? [at(r, "businessRoles", `Highly confidential business role '${r.id}' ${why}.`)] : [];
  });
}
