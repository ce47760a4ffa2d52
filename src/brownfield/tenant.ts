import { createHash } from "node:crypto";
import type * as Graph from "@microsoft/microsoft-graph-types";
import { pimAdoption, roleAdoption } from "../model/adoption";
import { environmentView } from "../model/environment";
import { byId, type Catalog } from "../model/model";
import { GUID_RE } from "../schema/primitives";
import { accessPackageCatalogToGraph } from "./concepts/access-package-catalogs";
import { administrativeUnitToGraph, type TenantAdministrativeUnit } from "./concepts/administrative-units";
import { applicationToGraph } from "./concepts/applications";
import { authenticationStrengthToGraph } from "./concepts/authentication-strengths";
import { businessRoleToGraph } from "./concepts/business-roles";
import { caPolicyToGraph } from "./concepts/conditional-access";
import type { GraphView } from "./concepts/context";
import { byObjectId, groupToGraph, type TenantGroup } from "./concepts/groups";
import { namedLocationToGraph } from "./concepts/named-locations";
import { privilegedRoleToGraph, type PimSettings } from "./concepts/privileged-roles";
import { accessReviewToGraph } from "./concepts/access-reviews";
import {
  AUTHENTICATION_METHODS_POLICY_ID,
  authenticationMethodsToGraph,
  directoryRoleSettingToGraph,
  lifecycleWorkflowToGraph,
} from "./concepts/lifecycle-methods-roles";
import type { Loose } from "./compare";

export type { PimSettings };

/**
 * The directory objects a catalog gives one environment, shaped as Microsoft Graph v1.0 returns them: what an
 * `idac export` of that tenant holds once Terraform has applied the catalog. `idac drift` compares it with a real
 * export; the bundled example's Graph fixture is written from it.
 *
 * Objects that do not exist yet have no object ID, so each gets a stable stand-in derived from its catalog address
 * (`objectId`); comparisons never use object IDs, only what they point at. People keep the object ID they are
 * given, or a stand-in derived from their UPN. Catalog-only metadata (sensitivity, SoD rules, personas, owners of
 * business roles beyond their group) has no Graph counterpart and is not part of the tenant.
 */
export interface TenantObjects {
  readonly users: Graph.User[];
  /** The enterprise applications the catalog declares (idac never creates them; they are looked up). */
  readonly servicePrincipals: Graph.ServicePrincipal[];
  readonly administrativeUnits: TenantAdministrativeUnit[];
  /**
   * `members` only where idac manages the membership (assigned groups with `managed: true`). Role groups carry
   * `memberOf` (the groups the role grants; an export derives it from the members of every group) and their
   * `appRoleAssignments`.
   */
  readonly groups: (TenantGroup & { pim?: PimSettings })[];
  readonly namedLocations: Graph.NamedLocation[];
  readonly authenticationStrengthPolicies: Graph.AuthenticationStrengthPolicy[];
  readonly conditionalAccessPolicies: Graph.ConditionalAccessPolicy[];
  readonly accessPackageCatalogs: Graph.AccessPackageCatalog[];
  /** Requestable business roles' packages, each with the role group as its one resource role scope. */
  readonly accessPackages: Graph.AccessPackage[];
  readonly assignmentPolicies: Graph.AccessPackageAssignmentPolicy[];
  /** Recurring access reviews (access review definitions). */
  readonly accessReviewDefinitions: Loose[];
  /** Joiner, mover and leaver workflows, with their tasks. */
  readonly lifecycleWorkflows: Loose[];
  /** The tenant's authentication methods policy, as far as the catalog sets it (none when the catalog has no entry). */
  readonly authenticationMethodsPolicies: Loose[];
  /** PIM rules of directory roles held directly, found by the role. */
  readonly directoryRolePolicies: Loose[];
}

/** A stable stand-in object ID for an object that exists only in the catalog (same input, same GUID). */
export function objectId(kind: string, key: string): string {
  const h = createHash("sha256").update(`idac:${kind}:${key}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Object IDs of a catalog's objects: the adopted object's (importFrom) where there is one, else a stand-in. */
export type ObjectIds = (kind: string, catalogId: string) => string;

function objectIds(catalog: Catalog): ObjectIds {
  const adopted = new Map<string, string>();
  const add = (kind: string, id: string, from: unknown) => typeof from === "string" && adopted.set(`${kind}:${id}`, from.toLowerCase());
  for (const e of catalog.groups) add("group", e.id, e.spec.importFrom);
  for (const e of catalog.administrativeUnits) add("administrativeUnit", e.id, e.spec.importFrom);
  for (const e of catalog.namedLocations) add("namedLocation", e.id, e.spec.importFrom);
  for (const e of catalog.authenticationStrengths) add("authenticationStrength", e.id, e.spec.importFrom);
  for (const e of catalog.accessPackageCatalogs) add("accessPackageCatalog", e.id, e.spec.importFrom);
  for (const e of catalog.conditionalAccessPolicies) add("conditionalAccessPolicy", e.id, e.spec.importFrom);
  for (const e of catalog.businessRoles) {
    const from = roleAdoption(e.spec);
    add("roleGroup", e.id, from?.group);
    add("accessPackage", e.id, from?.accessPackage);
    add("assignmentPolicy", e.id, from?.assignmentPolicy);
    add("autoAssignmentPolicy", e.id, from?.autoAssignmentPolicy);
  }
  for (const e of catalog.accessReviews) add("accessReview", e.id, e.spec.importFrom);
  for (const e of catalog.lifecycleWorkflows) add("lifecycleWorkflow", e.id, e.spec.importFrom);
  for (const e of catalog.privilegedRoles) add("pimGroup", e.id, pimAdoption(e.spec)?.group);
  return (kind, id) => adopted.get(`${kind}:${id}`) ?? objectId(kind, id);
}

export function expectedTenant(catalog: Catalog, environmentId: string): TenantObjects {
  const view = environmentView(catalog, environmentId);
  const oid = objectIds(catalog);
  const users = new Map<string, Graph.User>();
  const user = (ref: string): Graph.DirectoryObject => {
    const person = view.person(ref);
    if (GUID_RE.test(person)) return { "@odata.type": "#microsoft.graph.user", id: person } as Graph.DirectoryObject;
    const u = users.get(person) ?? { id: objectId("user", person), userPrincipalName: person };
    users.set(person, u);
    return { "@odata.type": "#microsoft.graph.user", id: u.id, userPrincipalName: person } as Graph.DirectoryObject;
  };
  const strengthNames = new Map(catalog.authenticationStrengths.map((s) => [s.id, view.displayName(s.spec.displayName)]));
  const graphView: GraphView = {
    displayName: (name) => view.displayName(name),
    user,
    objectId: oid,
    application: (id) => ({ clientId: byId(catalog.applications, id).spec.clientId, servicePrincipalId: oid("servicePrincipal", id) }),
    strengthName: (id) => strengthNames.get(id),
    breakGlass: view.environment.spec.breakGlass,
    caState: (policy) => view.caState(policy),
  };

  const groups: TenantObjects["groups"] = catalog.groups.map((g) => groupToGraph(g, graphView));
  const accessPackages: Graph.AccessPackage[] = [];
  const assignmentPolicies: Graph.AccessPackageAssignmentPolicy[] = [];
  for (const r of catalog.businessRoles.filter((x) => x.hasRoleGroup)) {
    const objects = businessRoleToGraph(r, graphView);
    groups.push(objects.group);
    if (objects.accessPackage) accessPackages.push(objects.accessPackage);
    if (objects.assignmentPolicy) assignmentPolicies.push(objects.assignmentPolicy);
    if (objects.automaticPolicy) assignmentPolicies.push(objects.automaticPolicy);
  }
  for (const p of catalog.privilegedRoles) groups.push(privilegedRoleToGraph(p, graphView));
  const administrativeUnits = catalog.administrativeUnits.map((u) =>
    administrativeUnitToGraph(
      u,
      catalog.groups.filter((g) => g.spec.administrativeUnit === u.id).map((g) => g.id),
      graphView,
    ),
  );

  const conditionalAccessPolicies = catalog.conditionalAccessPolicies.map((p) => caPolicyToGraph(p, graphView));
  const directoryRolePolicies = catalog.directoryRoleSettings.map((d) => directoryRoleSettingToGraph(d, graphView));
  const accessReviewDefinitions = catalog.accessReviews.map((d) => accessReviewToGraph(d, graphView));
  const lifecycleWorkflows = catalog.lifecycleWorkflows.map((w) => lifecycleWorkflowToGraph(w, graphView));
  const authenticationMethodsPolicies = catalog.authenticationMethodsPolicies.map((p) => authenticationMethodsToGraph(p, graphView));
  const servicePrincipals = catalog.applications.map((a) => applicationToGraph(a, graphView));
  const namedLocations = catalog.namedLocations.map((l) => namedLocationToGraph(l, graphView));
  const authenticationStrengthPolicies = catalog.authenticationStrengths.map((s) => authenticationStrengthToGraph(s, graphView));
  const accessPackageCatalogs = catalog.accessPackageCatalogs.map((c) => accessPackageCatalogToGraph(c, graphView));
  // Last: the people every object above names (the views record each person they are asked for), so every object is
  // built before the list of users is read.
  return {
    users: [...users.values()].sort(byObjectId),
    servicePrincipals: servicePrincipals.sort(byObjectId),
    administrativeUnits: administrativeUnits.sort(byObjectId),
    groups: groups.sort(byObjectId),
    namedLocations: namedLocations.sort(byObjectId),
    authenticationStrengthPolicies: authenticationStrengthPolicies.sort(byObjectId),
    conditionalAccessPolicies: conditionalAccessPolicies.sort(byObjectId),
    accessPackageCatalogs: accessPackageCatalogs.sort(byObjectId),
    accessPackages: accessPackages.sort(byObjectId),
    assignmentPolicies: assignmentPolicies.sort(byObjectId),
    accessReviewDefinitions: accessReviewDefinitions.sort(byObjectId),
    lifecycleWorkflows: lifecycleWorkflows.sort(byObjectId),
    authenticationMethodsPolicies,
    directoryRolePolicies: directoryRolePolicies.sort(byObjectId),
  };
}

/** The catalog entry behind each object of {@link expectedTenant}, by its object ID (adopted or stand-in). */
export function catalogOrigins(catalog: Catalog): Map<string, { section: string; id: string; file: string; line: number }> {
  const out = new Map<string, { section: string; id: string; file: string; line: number }>();
  const oid = objectIds(catalog);
  const add = (kind: string, section: string, e: { id: string; source: { file: string; line: number } }) =>
    out.set(oid(kind, e.id), { section, id: e.id, file: e.source.file, line: e.source.line });
  for (const e of catalog.administrativeUnits) add("administrativeUnit", "administrativeUnits", e);
  for (const e of catalog.groups) add("group", "groups", e);
  for (const e of catalog.businessRoles) add("roleGroup", "businessRoles", e);
  for (const e of catalog.privilegedRoles) add("pimGroup", "privilegedRoles", e);
  for (const e of catalog.namedLocations) add("namedLocation", "namedLocations", e);
  for (const e of catalog.authenticationStrengths) add("authenticationStrength", "authenticationStrengths", e);
  for (const e of catalog.conditionalAccessPolicies) add("conditionalAccessPolicy", "conditionalAccessPolicies", e);
  for (const e of catalog.accessPackageCatalogs) add("accessPackageCatalog", "accessPackageCatalogs", e);
  for (const e of catalog.businessRoles) add("accessPackage", "businessRoles", e);
  for (const e of catalog.businessRoles) add("assignmentPolicy", "businessRoles", e);
  for (const e of catalog.businessRoles) add("autoAssignmentPolicy", "businessRoles", e);
  for (const e of catalog.accessReviews) add("accessReview", "accessReviews", e);
  for (const e of catalog.lifecycleWorkflows) add("lifecycleWorkflow", "lifecycleWorkflows", e);
  // Found by what they are, not by an object ID: the one methods policy, and each directory role's policy.
  const at = (key: string, section: string, e: { id: string; source: { file: string; line: number } }) =>
    out.set(key, { section, id: e.id, file: e.source.file, line: e.source.line });
  for (const e of catalog.authenticationMethodsPolicies) at(AUTHENTICATION_METHODS_POLICY_ID, "authenticationMethodsPolicies", e);
  for (const e of catalog.directoryRoleSettings) at(`directoryRole:${e.directoryRoleTemplateId}`, "directoryRoleSettings", e);
  return out;
}
