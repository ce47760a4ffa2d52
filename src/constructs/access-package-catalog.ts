import { Construct } from "constructs";
import type { z } from "zod";
import { AccessPackageCatalog as AzureadAccessPackageCatalog } from "@cdktf/provider-azuread/lib/access-package-catalog";
import type { AccessPackageCatalog as AccessPackageCatalogEntry } from "../model/model";
import { DEFAULT_DOMAIN } from "../resolve/resolve";
import { AccessPackageCatalog as AccessPackageCatalogSchema } from "../schema/catalog";
import { contextOf } from "./context";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { parseProps, RESOLVED, type MaybeResolved } from "./private/props";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof AccessPackageCatalogSchema>;

export interface AccessPackageCatalogProps extends MaybeResolved<AccessPackageCatalogEntry> {
  /** Display name in Entra; the environment's name prefix is added. */
  readonly displayName: string;
  readonly description: string;
  /** Users outside the tenant can request packages of this catalog. @default false */
  readonly externallyVisible?: boolean;
  /** Packages of the catalog can be requested. @default true */
  readonly published?: boolean;
  /** IDs the catalog had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** ID of an existing catalog to adopt (a Terraform import block). @default none: a new catalog is created */
  readonly importFrom?: string;
}

/**
 * An access package catalog: the container of a domain's access packages and their resources. Protected from destroy.
 * @see https://learn.microsoft.com/entra/id-governance/entitlement-management-catalog-create
 */
export class AccessPackageCatalog extends Construct {
  static fromModel(scope: Construct, catalog: AccessPackageCatalogEntry): AccessPackageCatalog {
    return new AccessPackageCatalog(scope, catalog.id, { ...catalog.spec, [RESOLVED]: catalog });
  }

  /** The catalog ID: decides the Terraform address (`azuread_access_package_catalog.catalog__<id>`). */
  public readonly catalogId: string;
  public readonly accessPackageCatalogId: string;

  /** @param id the catalog ID; the construct's node is `access-package-catalog-<id>` */
  constructor(scope: Construct, id: string, props: AccessPackageCatalogProps) {
    super(scope, `access-package-catalog-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const catalog =
      props[RESOLVED] ??
      parseProps(this, AccessPackageCatalogSchema, { ...props, id }, (spec, source) => ({ entry: { id, spec, domain: DEFAULT_DOMAIN, source }, problems: [] }));
    if (!catalog) {
      this.accessPackageCatalogId = "";
      return;
    }
    const resource = new AzureadAccessPackageCatalog(this, currentLogicalId("accessPackageCatalog", catalog), {
      displayName: terraformText(ctx.view.displayName(catalog.spec.displayName)),
      description: terraformText(catalog.spec.description),
      externallyVisible: catalog.spec.externallyVisible,
      published: catalog.spec.published,
      lifecycle: { preventDestroy: true },
    });
    identify(resource, ctx.refactoring, "accessPackageCatalog", catalog);
    adopt(resource, catalog);
    this.accessPackageCatalogId = resource.id;
    ctx.registry.set("accessPackageCatalog", catalog.id, this.accessPackageCatalogId);
    if (!props[RESOLVED]) ctx.registry.setEntry("accessPackageCatalog", catalog, this);
  }
}
