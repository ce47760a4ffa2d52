import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import type { NamedLocation as LocationEntry } from "../../model/model";
import type { NamedLocation } from "../../schema/catalog";
import type { HowCompared } from "../compare";
import type { GraphExport } from "../graph";
import { sorted, type GraphView } from "./context";

/**
 * Named locations (IP ranges or countries) between Microsoft Graph and the catalog, both directions side by side.
 * @see https://learn.microsoft.com/graph/api/resources/namedlocation
 */

export type GraphNamedLocation = GraphExport["namedLocations"][number];
export type NamedLocationFields = Omit<z.input<typeof NamedLocation>, "id" | "importFrom">;

/** The provider writes the whole location: every property is compared. */
export const NAMED_LOCATION_COMPARED: HowCompared = { strict: true };

export function namedLocationToGraph(l: Pick<LocationEntry, "id" | "spec">, view: GraphView): Graph.NamedLocation {
  const common = { id: view.objectId("namedLocation", l.id), displayName: view.displayName(l.spec.displayName) };
  if (l.spec.ip) {
    return {
      "@odata.type": "#microsoft.graph.ipNamedLocation",
      ...common,
      isTrusted: l.spec.ip.trusted,
      ipRanges: sorted(l.spec.ip.ranges).map((cidrAddress) => ({
        "@odata.type": cidrAddress.includes(":") ? "#microsoft.graph.iPv6CidrRange" : "#microsoft.graph.iPv4CidrRange",
        cidrAddress,
      })),
    } as Graph.IpNamedLocation;
  }
  const c = l.spec.countries!;
  return {
    "@odata.type": "#microsoft.graph.countryNamedLocation",
    ...common,
    countriesAndRegions: sorted(c.codes),
    includeUnknownCountriesAndRegions: c.includeUnknown,
    countryLookupMethod: c.lookup,
  } as Graph.CountryNamedLocation;
}

/** A Graph named location as a catalog entry, or why it cannot be one. */
export function namedLocationFromGraph(l: GraphNamedLocation, name: (displayName: string) => string): { entry: NamedLocationFields } | { skip: string } {
  if (l["@odata.type"] === "#microsoft.graph.ipNamedLocation") {
    return {
      entry: {
        displayName: name(l.displayName),
        ip: { ranges: sorted((l.ipRanges ?? []).map((r) => r.cidrAddress)), trusted: l.isTrusted ? true : undefined },
      },
    };
  }
  if (l["@odata.type"] === "#microsoft.graph.countryNamedLocation") {
    return {
      entry: {
        displayName: name(l.displayName),
        countries: {
          codes: sorted(l.countriesAndRegions),
          includeUnknown: l.includeUnknownCountriesAndRegions ? true : undefined,
          lookup: l.countryLookupMethod && l.countryLookupMethod !== "clientIpAddress" ? (l.countryLookupMethod as "authenticatorAppGps") : undefined,
        },
      },
    };
  }
  return { skip: `${l["@odata.type"]} is not a kind of named location idac manages` };
}
