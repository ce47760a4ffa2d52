import type { AccessReviewDefinition } from "../../model/model";
import { accessReviewBody, normalizeScopeQuery } from "../../model/graph/access-review";
import type { HowCompared, Loose } from "../compare";
import type { GraphView } from "./context";

/**
 * Access review definitions between Microsoft Graph and the catalog for drift. The body comes from the model
 * (src/model/graph/access-review.ts, which also reads Graph back into the catalog); here it gets its object IDs.
 * @see https://learn.microsoft.com/graph/api/resources/accessreviewscheduledefinition
 */

/**
 * Compared on what the catalog says, with queries taken apart so that the object IDs inside them are compared by what
 * they point at, and Graph's `$count=true&` rewrite of a scope query ignored.
 */
export const ACCESS_REVIEW_COMPARED: HowCompared = { strict: false, prepare: comparableReview };

/** The definition the catalog gives an environment, as Graph returns it (with its object ID). */
export function accessReviewToGraph(d: AccessReviewDefinition, view: GraphView): Loose {
  const t = d.spec.target;
  const target =
    t.role !== undefined
      ? view.objectId("roleGroup", t.role)
      : t.privilegedRole !== undefined
        ? view.objectId("pimGroup", t.privilegedRole)
        : t.group !== undefined
          ? view.objectId("group", t.group)
          : view.application(t.application!).servicePrincipalId;
  const reviewers = Array.isArray(d.spec.reviewers)
    ? d.spec.reviewers.map((r) =>
        r.startsWith("group:")
          ? { kind: "group" as const, objectId: view.objectId("group", r.slice("group:".length)) }
          : { kind: "user" as const, objectId: String(view.user(r).id) },
      )
    : [];
  const body = accessReviewBody(d.spec, view.displayName(d.spec.displayName), {
    target,
    reviewers,
    fallbackReviewers: d.spec.fallbackReviewers.map((p) => String(view.user(p).id)),
  });
  return { id: view.objectId("accessReview", d.id), ...body };
}

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

/** A query as its shape and the object it names: `{ query: "/groups/{}/owners", objectId: "…" }`. */
function splitQuery(query: unknown): Loose {
  const q = normalizeScopeQuery(String(query ?? ""));
  const id = GUID.exec(q)?.[0];
  return id ? { query: q.replace(id, "{}"), objectId: id } : { query: q };
}

function comparableReview(o: Loose): Loose {
  const settings = (o.settings ?? {}) as Loose;
  const recurrence = (settings.recurrence ?? {}) as { pattern?: Loose; range?: Loose };
  const list = (v: unknown) => ((v ?? []) as Loose[]).map((r) => splitQuery(r.query));
  return {
    id: o.id,
    displayName: o.displayName,
    descriptionForAdmins: o.descriptionForAdmins,
    descriptionForReviewers: o.descriptionForReviewers,
    scope: splitQuery((o.scope as Loose | undefined)?.query),
    reviewers: list(o.reviewers),
    fallbackReviewers: list(o.fallbackReviewers),
    settings: {
      justificationRequiredOnApproval: settings.justificationRequiredOnApproval,
      defaultDecision: settings.defaultDecisionEnabled === true ? settings.defaultDecision : "None",
      instanceDurationInDays: settings.instanceDurationInDays,
      autoApplyDecisionsEnabled: settings.autoApplyDecisionsEnabled,
      recommendationsEnabled: settings.recommendationsEnabled,
      recurrence: `${String(recurrence.pattern?.type)} every ${String(recurrence.pattern?.interval ?? 1)}, ${String(recurrence.range?.type)} from ${String(recurrence.range?.startDate ?? "").slice(0, 10)}`,
    },
  };
}
