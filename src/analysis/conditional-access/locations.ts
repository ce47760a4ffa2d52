import type { EnvironmentView } from "../../model/environment";
import type { SignInNetwork } from "./evaluate";

/**
 * A kind of network a sign-in can come from, as the catalog's named locations tell them apart. Coverage evaluates
 * every persona from each class, so a country allow-list or a policy that admits service accounts only from a
 * trusted network is seen from inside and from outside.
 */
export interface LocationClass {
  /** A named location's catalog ID, or `Trusted`, `Untrusted`, `Elsewhere` (capitalised: no catalog ID is). */
  readonly id: string;
  /** In words, for reports. */
  readonly label: string;
  /** The network as the evaluator sees it; undefined for a network no named location lists and that is not trusted. */
  readonly network?: SignInNetwork;
}

/**
 * The location classes of an environment:
 * - each named location: a sign-in from inside it (a trusted IP location also counts as AllTrusted);
 * - `Trusted`: a trusted network that no named location of the catalog lists (the multifactor authentication
 *   service's trusted IPs also count as AllTrusted);
 * - `Untrusted`: an untrusted network whose country cannot be determined (matched by country locations that include
 *   unknown countries);
 * - `Elsewhere`: any other network, in a country no country location lists.
 */
export function locationClasses(view: EnvironmentView): LocationClass[] {
  const locations = view.catalog.namedLocations;
  const unknownCountry = locations.filter((l) => l.spec.countries?.includeUnknown).map((l) => l.id);
  return [
    ...locations.map((l) => ({
      id: l.id,
      label: l.spec.displayName,
      network: { label: `named location ${l.id}`, namedLocations: [l.id], trusted: l.spec.ip?.trusted === true },
    })),
    {
      id: "Trusted",
      label: "a trusted network no named location lists",
      network: { label: "a trusted network no named location lists", namedLocations: [], trusted: true },
    },
    {
      id: "Untrusted",
      label: "an untrusted network of unknown country",
      network: { label: "an untrusted network of unknown country", namedLocations: unknownCountry, trusted: false },
    },
    { id: "Elsewhere", label: "any other network" },
  ];
}
