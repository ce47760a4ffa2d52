import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import type { AccessPackageCatalog as CatalogEntry } from "../../model/model";
import type { AccessPackageCatalog } from "../../schema/catalog";
import type { GraphExport } from "../graph";
import type { GraphView } from "./context";
import { MISSING_DESCRIPTION } from "./groups";

/**
 * Access package catalogs between Microsoft Graph and the catalog, both directions side by side (the tenant's
 * built-in General catalog is never managed).
 * @see https://learn.microsoft.com/graph/api/resources/accesspackagecatalog
 */

export type GraphAccessPackageCatalog = GraphExport["accessPackageCatalogs"][number];
export type AccessPackageCatalogFields = Omit<z.input<typeof AccessPackageCatalog>, "id" | "importFrom">;

export function accessPackageCatalogToGraph(c: Pick<CatalogEntry, "id" | "spec">, view: GraphView): Graph.AccessPackageCatalog {
  return {
    id: view.objectId("accessPackageCatalog", c.id),
    displayName: view.displayName(c.spec.displayName),
    description: c.spec.description,
    isExternallyVisible: c.spec.externallyVisible,
    state: c.spec.published ? "published" : "unpublished",
    catalogType: "userManaged",
  };
}

/** A Graph catalog as a catalog entry, with the properties the first plan changes on purpose (a placeholder description). */
export function accessPackageCatalogFromGraph(
  c: GraphAccessPackageCatalog,
  name: (displayName: string) => string,
): { entry: AccessPackageCatalogFields; updates: string[] } {
  return {
    entry: {
      displayName: name(c.displayName),
      description: c.description || MISSING_DESCRIPTION,
      externallyVisible: c.isExternallyVisible ? true : undefined,
      published: c.state === "unpublished" ? false : undefined,
    },
    updates: c.description ? [] : ["description"],
  };
}
