import { Construct } from "constructs";
import { logicalId } from "../model/addresses";
import { ACCESS_REVIEW_DEFINITIONS_URL, accessReviewBody } from "../model/graph/access-review";
import type { AccessReviewDefinition } from "../model/model";
import type { AccessReviewDefinitionSpec } from "../schema/catalog";
import { contextOf } from "./context";
import { MsgraphResource } from "./private/msgraph";

export interface AccessReviewProps {
  /** The review as the catalog declares it (target, reviewers, frequency, decisions). */
  readonly spec: AccessReviewDefinitionSpec;
}

/**
 * A recurring access review of a business role's members, a privileged role's PIM group, a group or an application's
 * assignments: a Microsoft Graph access review definition (azuread has no resource for it), created in the governance
 * stack with the msgraph provider. Graph updates definitions with PUT. The scope query is written in the form Graph
 * stores it, so that reading it back shows no change (see {@link accessReviewBody}).
 * @see https://learn.microsoft.com/entra/id-governance/access-reviews-overview
 */
export class AccessReview extends Construct {
  static fromModel(scope: Construct, review: AccessReviewDefinition): AccessReview {
    return new AccessReview(scope, review.id, { spec: review.spec });
  }

  /** The catalog ID: decides the Terraform address (`access_review__<id>`). */
  public readonly catalogId: string;
  /** The access review definition's ID. */
  public readonly accessReviewDefinitionId: string;

  /** @param id the catalog ID; the construct's node is `access-review-<id>` */
  constructor(scope: Construct, id: string, props: AccessReviewProps) {
    super(scope, `access-review-${id}`);
    this.catalogId = id;
    const { view, registry, principals } = contextOf(this);
    const spec = props.spec;
    const t = spec.target;
    const target =
      t.role !== undefined
        ? registry.get("roleGroup", t.role)
        : t.privilegedRole !== undefined
          ? registry.get("pimGroup", t.privilegedRole)
          : t.group !== undefined
            ? registry.get("group", t.group)
            : principals.servicePrincipalObjectId(view.catalog.applications.find((a) => a.id === t.application)!);
    const reviewers = Array.isArray(spec.reviewers)
      ? spec.reviewers.map((r) =>
          r.startsWith("group:")
            ? { kind: "group" as const, objectId: registry.get("group", r.slice("group:".length)) }
            : { kind: "user" as const, objectId: principals.userObjectId(r) },
        )
      : [];
    const body = accessReviewBody(spec, view.displayName(spec.displayName), {
      target,
      reviewers,
      fallbackReviewers: spec.fallbackReviewers.map((p) => principals.userObjectId(p)),
    });
    const name = logicalId("accessReview", id);
    const resource = new MsgraphResource(this, name, {
      url: ACCESS_REVIEW_DEFINITIONS_URL,
      apiVersion: "v1.0",
      body,
      updateMethod: "PUT",
      responseExportValues: { id: "id" },
    });
    resource.overrideLogicalId(name);
    // The provider imports a Graph object by its item URL (collection URL and ID).
    if (spec.importFrom) resource.importFrom(`${ACCESS_REVIEW_DEFINITIONS_URL}/${spec.importFrom.toLowerCase()}`);
    this.accessReviewDefinitionId = resource.resourceId;
  }
}
