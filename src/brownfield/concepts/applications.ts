import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import type { Application as ApplicationEntry } from "../../model/model";
import type { Application } from "../../schema/catalog";
import type { GraphExport } from "../graph";
import { IdAllocator, slug } from "../ids";
import type { GraphView } from "./context";

/**
 * Enterprise applications (service principals) between Microsoft Graph and the catalog, both directions side by side.
 * idac never creates them: an entry names an existing application by client ID, with the app roles roles grant.
 * @see https://learn.microsoft.com/graph/api/resources/serviceprincipal
 */

export type GraphServicePrincipal = GraphExport["servicePrincipals"][number];
export type ApplicationFields = Omit<z.input<typeof Application>, "id">;

export function applicationToGraph(a: Pick<ApplicationEntry, "id" | "spec">, view: GraphView): Graph.ServicePrincipal {
  return {
    id: view.objectId("servicePrincipal", a.id),
    appId: a.spec.clientId,
    displayName: a.spec.displayName,
    appRoles: a.spec.appRoles.map((r) => ({ id: r.appRoleId, value: r.id, displayName: r.displayName ?? r.id, isEnabled: true, allowedMemberTypes: ["User"] })),
  };
}

/** A service principal as a catalog application, and the catalog IDs of its enabled app roles by app role ID. */
export function applicationFromGraph(sp: GraphServicePrincipal): { entry: ApplicationFields; appRoleIds: Map<string, string> } {
  const enabled = sp.appRoles.filter((r) => r.isEnabled !== false);
  const appRoleIds = new IdAllocator().allocate(enabled.map((r) => ({ objectId: r.id, preferred: slug(r.value ?? r.displayName ?? "", "role") })));
  return {
    entry: {
      displayName: sp.displayName ?? sp.appId,
      clientId: sp.appId.toLowerCase(),
      appRoles: enabled
        .map((r) => ({ id: appRoleIds.get(r.id)!, appRoleId: r.id.toLowerCase(), displayName: r.displayName ?? undefined }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    },
    appRoleIds,
  };
}
