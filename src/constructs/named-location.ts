import { Construct } from "constructs";
import type { z } from "zod";
import { NamedLocation as AzureadNamedLocation } from "@cdktf/provider-azuread/lib/named-location";
import type { NamedLocation as NamedLocationEntry } from "../model/model";
import { DEFAULT_DOMAIN } from "../resolve/resolve";
import { NamedLocation as NamedLocationSchema } from "../schema/catalog";
import { contextOf } from "./context";
import { adopt, currentLogicalId, identify } from "./private/previous-ids";
import { parseProps, RESOLVED, type MaybeResolved } from "./private/props";
import { terraformText } from "./private/terraform-text";

type Input = z.input<typeof NamedLocationSchema>;

/** Exactly one of `ip` or `countries`. */
export interface NamedLocationProps extends MaybeResolved<NamedLocationEntry> {
  /** Display name in Entra; the environment's name prefix is added. */
  readonly displayName: string;
  /** IP ranges (CIDR); `trusted` @default false. */
  readonly ip?: Input["ip"];
  /** Countries (ISO 3166 codes); `includeUnknown` @default false, `lookup` @default "clientIpAddress". */
  readonly countries?: Input["countries"];
  /** IDs the location had before, most recent first: moved blocks keep its state. @default none */
  readonly previousIds?: Input["previousIds"];
  /** Object ID of an existing named location to adopt (a Terraform import block). @default none: a new one is created */
  readonly importFrom?: string;
}

/**
 * A named location: IP ranges (optionally trusted) or countries. Switching a location between IP and country
 * replaces it, and every policy that references it is updated in the same plan; it is protected from destroy.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network
 */
export class NamedLocation extends Construct {
  static fromModel(scope: Construct, location: NamedLocationEntry): NamedLocation {
    return new NamedLocation(scope, location.id, { ...location.spec, [RESOLVED]: location });
  }

  /** The catalog ID: decides the Terraform address (`azuread_named_location.location__<id>`). */
  public readonly catalogId: string;
  public readonly namedLocationId: string;

  /** @param id the catalog ID; the construct's node is `named-location-<id>` */
  constructor(scope: Construct, id: string, props: NamedLocationProps) {
    super(scope, `named-location-${id}`);
    this.catalogId = id;
    const ctx = contextOf(this);
    const location =
      props[RESOLVED] ??
      parseProps(this, NamedLocationSchema, { ...props, id }, (spec, source) => ({ entry: { id, spec, domain: DEFAULT_DOMAIN, source }, problems: [] }));
    if (!location) {
      this.namedLocationId = "";
      return;
    }
    const { spec } = location;
    const resource = new AzureadNamedLocation(this, currentLogicalId("namedLocation", location), {
      displayName: terraformText(ctx.view.displayName(spec.displayName)),
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
    if (!props[RESOLVED]) ctx.registry.setEntry("namedLocation", location, this);
  }
}
