import { Construct } from "constructs";
import { AccessPackageCatalog as AzureadAccessPackageCatalog } from "@cdktf/provider-azuread/lib/access-package-catalog";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import type { AccessPackageCatalog } from "../model/model";
import type { ConstructContext } from "./context";

/** An access package catalog: the container of a domain's access packages and their resources. */
export class AccessPackageCatalogConstruct extends Construct {
  static fromModel(scope: Construct, catalog: AccessPackageCatalog, ctx: ConstructContext): AccessPackageCatalogConstruct {
    return new AccessPackageCatalogConstruct(scope, `access-package-catalog-${catalog.id}`, catalog, ctx);
  }

  public readonly accessPackageCatalogId: string;

  constructor(scope: Construct, id: string, catalog: AccessPackageCatalog, ctx: ConstructContext) {
    super(scope, id);
    const name = currentLogicalId("accessPackageCatalog", catalog);
    const resource = new AzureadAccessPackageCatalog(this, name, {
      displayName: ctx.view.displayName(catalog.spec.displayName),
      description: catalog.spec.description,
      externallyVisible: catalog.spec.externallyVisible,
      published: catalog.spec.published,
      lifecycle: { preventDestroy: true },
    });
    identify(resource, ctx.refactoring, "accessPackageCatalog", catalog);
    adopt(resource, catalog);
    this.accessPackageCatalogId = resource.id;
    ctx.registry.set("accessPackageCatalog", catalog.id, this.accessPackageCatalogId);
  }
}
