import { Construct } from "constructs";
import { AdministrativeUnit as AzureadAdministrativeUnit } from "@cdktf/provider-azuread/lib/administrative-unit";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import type { AdministrativeUnit } from "../model/model";
import type { ConstructContext } from "./context";

/**
 * An administrative unit. Membership is never declared on the unit (`members` would fight the per-group
 * `azuread_administrative_unit_member` resources); groups join it from their own definition.
 */
export class AdministrativeUnitConstruct extends Construct {
  static fromModel(scope: Construct, unit: AdministrativeUnit, ctx: ConstructContext): AdministrativeUnitConstruct {
    return new AdministrativeUnitConstruct(scope, `administrative-unit-${unit.id}`, unit, ctx);
  }

  public readonly administrativeUnitObjectId: string;

  constructor(scope: Construct, id: string, unit: AdministrativeUnit, ctx: ConstructContext) {
    super(scope, id);
    const name = currentLogicalId("administrativeUnit", unit);
    const resource = new AzureadAdministrativeUnit(this, name, {
      displayName: ctx.view.displayName(unit.spec.displayName),
      ...(unit.spec.description ? { description: unit.spec.description } : {}),
      hiddenMembershipEnabled: unit.spec.hiddenMembership,
      preventDuplicateNames: true,
    });
    identify(resource, ctx.refactoring, "administrativeUnit", unit);
    adopt(resource, unit);
    this.administrativeUnitObjectId = resource.objectId;
    ctx.registry.set("administrativeUnit", unit.id, this.administrativeUnitObjectId);
  }
}
