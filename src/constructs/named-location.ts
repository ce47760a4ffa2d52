import { Construct } from "constructs";
import { NamedLocation as AzureadNamedLocation } from "@cdktf/provider-azuread/lib/named-location";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import type { NamedLocation } from "../model/model";
import type { ConstructContext } from "./context";

/**
 * A named location: IP ranges (optionally trusted) or countries. Switching a location between IP and country
 * replaces it, and every policy that references it is updated in the same plan; it is protected from destroy.
 */
export class NamedLocationConstruct extends Construct {
  static fromModel(scope: Construct, location: NamedLocation, ctx: ConstructContext): NamedLocationConstruct {
    return new NamedLocationConstruct(scope, `named-location-${location.id}`, location, ctx);
  }

  public readonly namedLocationId: string;

  constructor(scope: Construct, id: string, location: NamedLocation, ctx: ConstructContext) {
    super(scope, id);
    const { spec } = location;
    const name = currentLogicalId("namedLocation", location);
    const resource = new AzureadNamedLocation(this, name, {
      displayName: ctx.view.displayName(spec.displayName),
      ...(spec.ip ? { ip: { ipRanges: [...new Set(spec.ip.ranges)].sort(), trusted: spec.ip.trusted } } : {}),
      ...(spec.countries
        ? {
            country: {
              countriesAndRegions: [...new Set(spec.countries.codes)].sort(),
              includeUnknownCountriesAndRegions: spec.countries.includeUnknown,
              countryLookupMethod: spec.countries.lookup,
            },
          }
        : {}),
      lifecycle: { preventDestroy: true },
    });
    identify(resource, ctx.refactoring, "namedLocation", location);
    adopt(resource, location);
    this.namedLocationId = resource.objectId;
    ctx.registry.set("namedLocation", location.id, this.namedLocationId);
  }
}
