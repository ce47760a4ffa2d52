import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import type { AdministrativeUnit as UnitEntry } from "../../model/model";
import type { AdministrativeUnit } from "../../schema/catalog";
import type { GraphExport } from "../graph";
import { byObjectId } from "./groups";
import type { GraphView } from "./context";

/**
 * Administrative units between Microsoft Graph and the catalog, both directions side by side. Groups join a unit from
 * their own entry (`administrativeUnit`), so a unit's members in the expected tenant are the catalog's groups in it;
 * its other members (users, devices, groups recorded in another unit) are left as they are.
 * @see https://learn.microsoft.com/graph/api/resources/administrativeunit
 */

export type GraphAdministrativeUnit = GraphExport["administrativeUnits"][number];
export type AdministrativeUnitFields = Omit<z.input<typeof AdministrativeUnit>, "id" | "importFrom">;
export type TenantAdministrativeUnit = Graph.AdministrativeUnit & { members: { id: string }[] };

/** A catalog unit as Graph returns it, with the catalog groups that are its members. */
export function administrativeUnitToGraph(u: Pick<UnitEntry, "id" | "spec">, memberGroups: readonly string[], view: GraphView): TenantAdministrativeUnit {
  return {
    id: view.objectId("administrativeUnit", u.id),
    displayName: view.displayName(u.spec.displayName),
    description: u.spec.description ?? null,
    visibility: u.spec.hiddenMembership ? "HiddenMembership" : null,
    members: memberGroups.map((g) => ({ "@odata.type": "#microsoft.graph.group", id: view.objectId("group", g) })).sort(byObjectId),
  };
}

/** A Graph unit as a catalog entry, with a note when its visibility is one idac does not manage. */
export function administrativeUnitFromGraph(
  u: GraphAdministrativeUnit,
  name: (displayName: string) => string,
): { entry: AdministrativeUnitFields; notes: string[] } {
  const notes = u.visibility && u.visibility !== "HiddenMembership" && u.visibility !== "Public" ? [`visibility '${u.visibility}' is not managed by idac`] : [];
  return {
    entry: {
      displayName: name(u.displayName),
      description: u.description ?? undefined,
      hiddenMembership: u.visibility === "HiddenMembership" ? true : undefined,
    },
    notes,
  };
}
