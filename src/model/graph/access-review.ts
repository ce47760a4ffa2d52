import type { AccessReviewDefinitionSpec } from "../../schema/catalog";

/**
 * Access reviews ⇄ Microsoft Graph v1.0 `accessReviewScheduleDefinition` (both directions in one place).
 * Shapes from Microsoft Graph v1.0: "Create definitions" (POST /identityGovernance/accessReviews/definitions),
 * accessReviewScheduleSettings, accessReviewQueryScope, accessReviewReviewerScope and "Configure the scope of your
 * access review" / "Assign reviewers to your access review definition".
 * @see https://learn.microsoft.com/graph/api/accessreviewset-post-definitions?view=graph-rest-1.0
 * @see https://learn.microsoft.com/graph/accessreviews-scope-concept
 * @see https://learn.microsoft.com/graph/accessreviews-reviewers-concept
 */

/** The Graph collection access review definitions are created in (relative to the API version). */
export const ACCESS_REVIEW_DEFINITIONS_URL = "identityGovernance/accessReviews/definitions";

/** Object IDs the body refers to; in synthesized configuration these are Terraform references. */
export interface AccessReviewObjectIds {
  /** The reviewed group (role group, PIM group or catalog group) or the application's service principal. */
  readonly target: string;
  /** For reviewers given as a list: each user's or group's object ID, in the catalog's order. */
  readonly reviewers: readonly { readonly kind: "user" | "group"; readonly objectId: string }[];
  /** Fallback reviewers' user object IDs, in the catalog's order. */
  readonly fallbackReviewers: readonly string[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Graph's recurrence for each catalog frequency (absoluteMonthly every 1, 3 or 6 months; yearly; weekly). */
const RECURRENCE: Record<AccessReviewDefinitionSpec["frequency"], { type: string; interval: number }> = {
  weekly: { type: "weekly", interval: 1 },
  monthly: { type: "absoluteMonthly", interval: 1 },
  quarterly: { type: "absoluteMonthly", interval: 3 },
  halfyearly: { type: "absoluteMonthly", interval: 6 },
  annual: { type: "absoluteYearly", interval: 1 },
};

/** Graph's defaultDecision for each catalog `whenNoResponse` (noDecision: default decisions are off). */
const DEFAULT_DECISION: Record<AccessReviewDefinitionSpec["whenNoResponse"], string> = {
  keepAccess: "Approve",
  removeAccess: "Deny",
  acceptRecommendation: "Recommendation",
  noDecision: "None",
};

/** Which kind of object the target is, in Graph terms. */
export type AccessReviewTargetKind = "group" | "servicePrincipal";

export function targetKind(spec: Pick<AccessReviewDefinitionSpec, "target">): AccessReviewTargetKind {
  return spec.target.application !== undefined ? "servicePrincipal" : "group";
}

/**
 * The scope query. Graph stores guest-only group queries with `$count=true&` added (reading the definition back
 * returns `.../microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')`), which the msgraph provider would
 * report as a change on every plan; idac writes the query in the form Graph returns, so the plan stays empty.
 */
export function scopeQuery(kind: AccessReviewTargetKind, objectId: string, guestsOnly: boolean): string {
  const guests = "?$count=true&$filter=(userType eq 'Guest')";
  if (kind === "servicePrincipal") return `/servicePrincipals/${objectId}/appRoleAssignedTo${guestsOnly ? `/microsoft.graph.user/${guests}` : ""}`;
  return `/groups/${objectId}/transitiveMembers/microsoft.graph.user${guestsOnly ? `/${guests}` : ""}`;
}

/** Normalises a scope query for comparison: Graph's `$count=true&` and a trailing slash before `?` do not change it. */
export function normalizeScopeQuery(query: string): string {
  return query
    .replace(/\$count=true&/g, "")
    .replace(/\/\?/, "?")
    .replace(/\/$/, "");
}

/** The request body of an access review definition (POST, and PUT on update: Graph updates definitions with PUT). */
export function accessReviewBody(spec: AccessReviewDefinitionSpec, displayName: string, ids: AccessReviewObjectIds): JsonObject {
  const kind = targetKind(spec);
  const ownersQuery = kind === "servicePrincipal" ? `/servicePrincipals/${ids.target}/owners` : `/groups/${ids.target}/owners`;
  const reviewers: JsonObject[] =
    spec.reviewers === "self"
      ? []
      : spec.reviewers === "manager"
        ? [{ query: "./manager", queryType: "MicrosoftGraph", queryRoot: "decisions" }]
        : spec.reviewers === "owners"
          ? [{ query: ownersQuery, queryType: "MicrosoftGraph" }]
          : ids.reviewers.map((r) => ({
              query: r.kind === "user" ? `/users/${r.objectId}` : `/groups/${r.objectId}/transitiveMembers`,
              queryType: "MicrosoftGraph",
            }));
  const decision = DEFAULT_DECISION[spec.whenNoResponse];
  return {
    displayName,
    descriptionForAdmins: spec.description,
    descriptionForReviewers: spec.reviewerInstructions ?? spec.description.slice(0, 256),
    scope: { "@odata.type": "#microsoft.graph.accessReviewQueryScope", query: scopeQuery(kind, ids.target, spec.guestsOnly), queryType: "MicrosoftGraph" },
    reviewers,
    ...(ids.fallbackReviewers.length ? { fallbackReviewers: ids.fallbackReviewers.map((id) => ({ query: `/users/${id}`, queryType: "MicrosoftGraph" })) } : {}),
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: spec.justificationRequired,
      defaultDecisionEnabled: decision !== "None",
      defaultDecision: decision,
      instanceDurationInDays: spec.durationDays,
      autoApplyDecisionsEnabled: spec.autoApply,
      recommendationsEnabled: spec.recommendations,
      recurrence: { pattern: { ...RECURRENCE[spec.frequency] }, range: { type: "noEnd", startDate: spec.startsOn } },
    },
  };
}

// ─── Graph → catalog (export / import / drift) ──────────────────────────────────────────────────────────

/** How an object ID found in Graph maps back to the catalog, for import. */
export interface AccessReviewLookups {
  /** The catalog target a group object ID stands for ({role}, {privilegedRole} or {group}), if any. */
  group(objectId: string): AccessReviewDefinitionSpec["target"] | undefined;
  /** The catalog application whose service principal has this object ID, if any. */
  servicePrincipal(objectId: string): string | undefined;
  /** A person reference (UPN, else the object ID) for a user object ID. */
  user(objectId: string): string;
  /** The catalog group ID of a group object ID, if any. */
  catalogGroup(objectId: string): string | undefined;
}

/** An access review read from Graph, or why it cannot be represented in the catalog (naming the property). */
export type ImportedAccessReview =
  { readonly ok: true; readonly spec: Omit<AccessReviewDefinitionSpec, "id"> } | { readonly ok: false; readonly property: string; readonly reason: string };

const refuse = (property: string, reason: string): ImportedAccessReview => ({ ok: false, property, reason });

/** Reads a Graph v1.0 accessReviewScheduleDefinition into a catalog entry (without its ID), or refuses exactly. */
export function accessReviewFromGraph(json: unknown, lookups: AccessReviewLookups): ImportedAccessReview {
  const d = (json ?? {}) as Record<string, unknown>;
  if (Array.isArray(d.stageSettings) && d.stageSettings.length > 0) return refuse("stageSettings", "multi-stage reviews are not in the catalog");
  if (d.instanceEnumerationScope) return refuse("instanceEnumerationScope", "reviews of many groups at once are not in the catalog");
  if (Array.isArray(d.additionalNotificationRecipients) && d.additionalNotificationRecipients.length > 0)
    return refuse("additionalNotificationRecipients", "additional notification recipients are not in the catalog");
  const scope = (d.scope ?? {}) as Record<string, unknown>;
  // v1.0 leaves the type out where it is the property's own (accessReviewQueryScope); any other kind is refused.
  const scopeType = scope["@odata.type"];
  if (scopeType !== undefined && scopeType !== "#microsoft.graph.accessReviewQueryScope")
    return refuse("scope.@odata.type", `scope type ${String(scopeType)} is not in the catalog (only the members of one group or one application)`);
  const query = normalizeScopeQuery(String(scope.query ?? ""));
  const m =
    /^\/(groups|servicePrincipals)\/([0-9a-fA-F-]{36})\/(transitiveMembers\/microsoft\.graph\.user|appRoleAssignedTo)(\/microsoft\.graph\.user)?(\?\$filter=\(userType eq 'Guest'\))?$/.exec(
      query,
    );
  if (!m) return refuse("scope.query", `scope ${JSON.stringify(scope.query)} is not a review of one group's or one application's members`);
  const [, collection, objectId, , , guests] = m as unknown as [string, string, string, string, string | undefined, string | undefined];
  let target: AccessReviewDefinitionSpec["target"] | undefined;
  if (collection === "groups") target = lookups.group(objectId.toLowerCase());
  else {
    const app = lookups.servicePrincipal(objectId.toLowerCase());
    target = app ? { application: app } : undefined;
  }
  if (!target) return refuse("scope.query", `the reviewed ${collection === "groups" ? "group" : "application"} ${objectId} is not in the catalog`);

  const settings = (d.settings ?? {}) as Record<string, unknown>;
  const recurrence = (settings.recurrence ?? {}) as { pattern?: { type?: string; interval?: number }; range?: { type?: string; startDate?: string } };
  const frequency = (Object.keys(RECURRENCE) as AccessReviewDefinitionSpec["frequency"][]).find(
    (f) => RECURRENCE[f].type === recurrence.pattern?.type && RECURRENCE[f].interval === recurrence.pattern?.interval,
  );
  if (!frequency)
    return refuse(
      "settings.recurrence.pattern",
      `recurrence ${JSON.stringify(recurrence.pattern ?? null)} is not weekly, monthly, quarterly, half-yearly or annual`,
    );
  if (recurrence.range?.type !== "noEnd")
    return refuse("settings.recurrence.range.type", "reviews that end after a number of rounds or on a date are not in the catalog");
  const startsOn = String(recurrence.range.startDate ?? "").slice(0, 10);

  const reviewers = readReviewers(d.reviewers, lookups);
  if (!reviewers.ok) return reviewers.refusal;
  const fallback: string[] = [];
  for (const r of (d.fallbackReviewers ?? []) as { query?: string }[]) {
    const u = /^\/users\/([0-9a-fA-F-]{36})$/.exec(r.query ?? "");
    if (!u) return refuse("fallbackReviewers", `fallback reviewer ${JSON.stringify(r.query)} is not a user`);
    fallback.push(lookups.user(u[1]!.toLowerCase()));
  }
  const enabled = settings.defaultDecisionEnabled === true;
  const decision = enabled ? String(settings.defaultDecision) : "None";
  const whenNoResponse = (Object.keys(DEFAULT_DECISION) as AccessReviewDefinitionSpec["whenNoResponse"][]).find((k) => DEFAULT_DECISION[k] === decision);
  if (!whenNoResponse) return refuse("settings.defaultDecision", `default decision ${decision} is not in the catalog`);
  const description = String(d.descriptionForAdmins ?? "");
  const forReviewers = String(d.descriptionForReviewers ?? "");
  return {
    ok: true,
    spec: {
      displayName: String(d.displayName ?? ""),
      description,
      ...(forReviewers && forReviewers !== description.slice(0, 256) ? { reviewerInstructions: forReviewers } : {}),
      target,
      guestsOnly: guests !== undefined,
      frequency,
      startsOn,
      durationDays: Number(settings.instanceDurationInDays ?? 14),
      reviewers: reviewers.value,
      fallbackReviewers: fallback,
      whenNoResponse,
      autoApply: settings.autoApplyDecisionsEnabled === true,
      justificationRequired: settings.justificationRequiredOnApproval === true,
      recommendations: settings.recommendationsEnabled === true,
    },
  };
}

function readReviewers(
  value: unknown,
  lookups: AccessReviewLookups,
): { ok: true; value: AccessReviewDefinitionSpec["reviewers"] } | { ok: false; refusal: ImportedAccessReview } {
  const list = (value ?? []) as { query?: string; queryRoot?: string }[];
  if (list.length === 0) return { ok: true, value: "self" };
  if (list.length === 1 && list[0]!.query === "./manager") return { ok: true, value: "manager" };
  if (list.length === 1 && /^\/(groups|servicePrincipals)\/[0-9a-fA-F-]{36}\/owners$/.test(list[0]!.query ?? "")) return { ok: true, value: "owners" };
  const out: string[] = [];
  for (const r of list) {
    const user = /^\/users\/([0-9a-fA-F-]{36})$/.exec(r.query ?? "");
    const group = /^\/groups\/([0-9a-fA-F-]{36})\/(transitiveMembers|members)$/.exec(r.query ?? "");
    if (user) out.push(lookups.user(user[1]!.toLowerCase()));
    else if (group) {
      const id = lookups.catalogGroup(group[1]!.toLowerCase());
      if (!id) return { ok: false, refusal: refuse("reviewers", `reviewer group ${group[1]} is not a catalog group`) };
      out.push(`group:${id}`);
    } else return { ok: false, refusal: refuse("reviewers", `reviewer ${JSON.stringify(r.query)} is not a user, a catalog group, the manager or the owners`) };
  }
  return { ok: true, value: out };
}
