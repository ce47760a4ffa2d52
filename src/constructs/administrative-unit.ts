import { Construct } from "constructs";
import type { z } from "zod";
import { AdministrativeUnit as AzureadAdministrativeUnit } from "@cdktf/provider-azuread/lib/administrative-unit";
import type { AdministrativeUnit as AdministrativeUnitEntry } from "../model/model";
import { DEFAULT_DOMAIN } from "../resolve/resolve";
import { AdministrativeUnit as AdministrativeUnitSchema } from "../schema/catalog";
import { contextOf } from "./context";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { parseProps, RESOLVED, type MaybeResolved } from "./private/props";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof AdministrativeUnitSchema>;

export interface AdministrativeUnitProps extends MaybeResolved<AdministrativeUnitEntry> {
  /** Display name in Entra; the environment's name prefix is added. */
  readonly displayName: string;
  /** @default no description */
  readonly description?: string;
  /** Only members of the unit can see its membership. @default false */
  readonly hiddenMembership?: boolean;
  /** IDs the unit had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** Object ID of an existing unit to adopt (a Terraform import block). @default none: a new unit is created */
  readonly importFrom?: string;
}

/**
 * An administrative unit. Membership is never declared on the unit (`members` would fight the per-group
 * `azuread_administrative_unit_member` resources); groups join it from their own definition.
 * @see https://learn.microsoft.com/entra/identity/role-based-access-control/administrative-units
 */
export class AdministrativeUnit extends Construct {
  static fromModel(scope: Construct, unit: AdministrativeUnitEntry): AdministrativeUnit {
    return new AdministrativeUnit(scope, unit.id, { ...unit.spec, [RESOLVED]: unit });
  }

  /** The catalog ID: decides the Terraform address (`azuread_administrative_unit.au__<id>`). */
  public readonly catalogId: string;
  public readonly administrativeUnitObjectId: string;

  /** @param id the catalog ID; the construct's node is `administrative-unit-<id>` */
  constructor(scope: Construct, id: string, props: AdministrativeUnitProps) {
    super(scope, `administrative-unit-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const unit =
      props[RESOLVED] ??
      parseProps(this, AdministrativeUnitSchema, { ...props, id }, (spec, source) => ({ entry: { id, spec, domain: DEFAULT_DOMAIN, source }, problems: [] }));
    if (!unit) {
      this.administrativeUnitObjectId = "";
      return;
    }
    const resource = new AzureadAdministrativeUnit(this, currentLogicalId("administrativeUnit", unit), {
      displayName: terraformText(ctx.view.displayName(unit.spec.displayName)),
      ...(unit.spec.description ? { description: terraformText(unit.spec.description) } : {}),
      hiddenMembershipEnabled: unit.spec.hiddenMembership,
      preventDuplicateNames: true,
    });
    identify(resource, ctx.refactoring, "administrativeUnit", unit);
    adopt(resource, unit);
    this.administrativeUnitObjectId = resource.objectId;
    ctx.registry.set("administrativeUnit", unit.id, this.administrativeUnitObjectId);
    if (!props[RESOLVED]) ctx.registry.setEntry("administrativeUnit", unit, this);
  }
}
