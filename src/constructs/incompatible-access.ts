import { Construct } from "constructs";
import type { IncompatibleGroupRef, RoleIncompatibilities } from "../analysis/sod-enforcement";
import { logicalId } from "../model/addresses";
import { accessPackageOdataId, accessPackageUrl } from "../model/graph/incompatibility";
import { contextOf } from "./context";
import { MsgraphResource, MsgraphResourceCollection } from "./private/msgraph";

export interface IncompatibleAccessProps {
  /** Requestable business roles whose access packages this role's package is incompatible with. @default [] */
  readonly packages?: readonly string[];
  /** Groups (catalog groups or birthright roles' role groups) incompatible with this role's package. @default [] */
  readonly groups?: readonly IncompatibleGroupRef[];
}

/**
 * Segregation of duties enforced at request time on one requestable business role's access package:
 * - one `$ref` link per incompatible access package (`msgraph_resource` on `…/incompatibleAccessPackages/$ref`). The
 *   provider's collection resource links every ID as a directory object, which an access package is not, so each link
 *   is its own resource. The provider does not read a `$ref` link back (its create returns at once and its read keeps
 *   the state), so a link removed in the portal is found by `idac drift`, not by the plan;
 * - the incompatible groups as one `msgraph_resource_collection` on `…/incompatibleGroups/$ref` (groups are
 *   directory objects): exactly the catalog's list; links added in the portal are removed.
 * @see https://learn.microsoft.com/entra/id-governance/entitlement-management-access-package-incompatible
 */
export class IncompatibleAccess extends Construct {
  static fromModel(scope: Construct, entry: RoleIncompatibilities): IncompatibleAccess {
    return new IncompatibleAccess(scope, entry.role, { packages: entry.packages, groups: entry.groups });
  }

  /** The business role whose package carries the incompatibilities. */
  public readonly catalogId: string;

  /** @param role the requestable business role's catalog ID; the construct's node is `incompatible-<role>` */
  constructor(scope: Construct, role: string, props: IncompatibleAccessProps) {
    super(scope, `incompatible-${role}`);
    this.catalogId = role;
    const { registry } = contextOf(this);
    const packageId = registry.get("accessPackage", role);
    for (const other of [...new Set(props.packages ?? [])].sort()) {
      const name = logicalId("incompatiblePackage", role, other);
      const link = new MsgraphResource(this, name, {
        url: `${accessPackageUrl(packageId)}/incompatibleAccessPackages/$ref`,
        apiVersion: "v1.0",
        body: { "@odata.id": accessPackageOdataId(registry.get("accessPackage", other)) },
      });
      link.overrideLogicalId(name);
    }
    const groups = [...(props.groups ?? [])].sort((a, b) => (`${a.kind}:${a.id}` < `${b.kind}:${b.id}` ? -1 : 1));
    if (groups.length) {
      const name = logicalId("incompatibleGroups", role);
      const collection = new MsgraphResourceCollection(this, name, {
        url: `${accessPackageUrl(packageId)}/incompatibleGroups/$ref`,
        apiVersion: "v1.0",
        referenceIds: groups.map((g) => registry.get(g.kind, g.id)),
      });
      collection.overrideLogicalId(name);
    }
  }
}
