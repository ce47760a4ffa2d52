import { isAnnotation } from "./graph-content";

/**
 * How the objects of an export are found: the collection each object belongs to (by folder, `@odata.type`,
 * `@odata.context` or shape) and the objects a file holds (a collection page, a JSON array, or one object).
 */

/** The objects of one file, each with where it is in the file (`$.value[3]`, `$[3]`, `$`). */
export interface FileObjects {
  readonly objects: readonly { readonly at: string; readonly object: Record<string, unknown> }[];
  /** The collection the page's or object's `@odata.context` names, if any. */
  readonly context?: string;
  /** A collection page with a next page (`@odata.nextLink` set). */
  readonly continues: boolean;
}

/**
 * The objects a JSON file holds: a Graph collection page `{"value": [...]}` (annotations such as `@odata.context`,
 * `@odata.nextLink` and `@odata.count` beside it), a JSON array of objects (`ConvertTo-Json` of a list), or a single
 * object (one per file, as `Invoke-MgGraphRequest … | ConvertTo-Json` and downloads write them).
 */
export function objectsOf(data: unknown): FileObjects | { readonly problem: string } {
  if (Array.isArray(data)) return listed(data, (i) => `$[${i}]`, undefined, false);
  if (!isPlainObject(data)) return { problem: `holds a JSON ${data === null ? "null" : typeof data}, not Graph objects` };
  const context = typeof data["@odata.context"] === "string" ? collectionOfContext(data["@odata.context"]) : undefined;
  const content = Object.keys(data).filter((k) => !isAnnotation(k));
  if (content.length === 1 && content[0] === "value" && Array.isArray(data.value)) {
    const next = data["@odata.nextLink"];
    return listed(data.value, (i) => `$.value[${i}]`, context, next !== undefined && next !== null && next !== "");
  }
  return listed([data], () => "$", context, false);
}

function listed(
  items: readonly unknown[],
  at: (i: number) => string,
  context: string | undefined,
  continues: boolean,
): FileObjects | { readonly problem: string } {
  const objects: { at: string; object: Record<string, unknown> }[] = [];
  for (const [i, item] of items.entries()) {
    if (!isPlainObject(item))
      return { problem: `${at(i)} is a JSON ${item === null ? "null" : Array.isArray(item) ? "array" : typeof item}, not a Graph object` };
    if (powerShellObject(item)) {
      return {
        problem:
          `${at(i)} is a Microsoft Graph PowerShell object (properties such as "` +
          `${powerShellObject(item)}" in PascalCase, AdditionalProperties), not Graph JSON: its ` +
          `property names are not Graph's and ConvertTo-Json cuts it at depth 2 by default. Export ` +
          `the JSON Graph returns instead (Invoke-MgGraphRequest -OutputType Json, or idac export)`,
      };
    }
    objects.push({ at: at(i), object: item });
  }
  return { objects, ...(context ? { context } : {}), continues };
}

/** A key that only the PowerShell SDK's objects have (Graph's property names start in lower case). */
function powerShellObject(o: Record<string, unknown>): string | undefined {
  if (Object.hasOwn(o, "AdditionalProperties")) return "AdditionalProperties";
  return ["Id", "DisplayName"].find((k) => Object.hasOwn(o, k) && !Object.hasOwn(o, k.charAt(0).toLowerCase() + k.slice(1)));
}

/** Collections by the entity type Graph names in `@odata.type`. */
const BY_TYPE: ReadonlyMap<string, string> = new Map([
  ["user", "users"],
  ["servicePrincipal", "servicePrincipals"],
  ["administrativeUnit", "administrativeUnits"],
  ["group", "groups"],
  ["ipNamedLocation", "namedLocations"],
  ["countryNamedLocation", "namedLocations"],
  ["compliantNetworkNamedLocation", "namedLocations"],
  ["namedLocation", "namedLocations"],
  ["authenticationStrengthPolicy", "authenticationStrengthPolicies"],
  ["accessPackageCatalog", "accessPackageCatalogs"],
  ["unifiedRoleAssignment", "roleAssignments"],
  ["unifiedRoleDefinition", "roleDefinitions"],
  ["unifiedRoleAssignmentSchedule", "roleAssignmentSchedules"],
  ["unifiedRoleEligibilitySchedule", "roleEligibilitySchedules"],
  ["conditionalAccessPolicy", "conditionalAccessPolicies"],
  ["accessPackage", "accessPackages"],
  ["accessPackageAssignmentPolicy", "assignmentPolicies"],
  ["accessReviewScheduleDefinition", "accessReviewDefinitions"],
  ["identityGovernance.workflow", "lifecycleWorkflows"],
  ["authenticationMethodsPolicy", "authenticationMethodsPolicies"],
]);

/** The collection an `@odata.type` names: a collection, `null` for a type idac does not read, undefined when absent. */
export function collectionOfType(type: unknown): string | null | undefined {
  if (typeof type !== "string" || !type) return undefined;
  const name = /^#?microsoft\.graph\.(.+)$/.exec(type)?.[1];
  return (name && BY_TYPE.get(name)) ?? null;
}

/** Collections by the entity set path of `@odata.context` (`…/$metadata#identity/conditionalAccess/policies`). */
const BY_CONTEXT: ReadonlyMap<string, string> = new Map([
  ["users", "users"],
  ["servicePrincipals", "servicePrincipals"],
  ["directory/administrativeUnits", "administrativeUnits"],
  ["administrativeUnits", "administrativeUnits"],
  ["groups", "groups"],
  ["identity/conditionalAccess/namedLocations", "namedLocations"],
  ["conditionalAccess/namedLocations", "namedLocations"],
  ["policies/authenticationStrengthPolicies", "authenticationStrengthPolicies"],
  ["identityGovernance/entitlementManagement/catalogs", "accessPackageCatalogs"],
  ["roleManagement/directory/roleAssignments", "roleAssignments"],
  ["roleManagement/directory/roleDefinitions", "roleDefinitions"],
  ["roleManagement/directory/roleAssignmentSchedules", "roleAssignmentSchedules"],
  ["roleManagement/directory/roleEligibilitySchedules", "roleEligibilitySchedules"],
  ["identity/conditionalAccess/policies", "conditionalAccessPolicies"],
  ["conditionalAccess/policies", "conditionalAccessPolicies"],
  ["identityGovernance/entitlementManagement/accessPackages", "accessPackages"],
  ["identityGovernance/entitlementManagement/assignmentPolicies", "assignmentPolicies"],
  ["identityGovernance/accessReviews/definitions", "accessReviewDefinitions"],
  ["identityGovernance/lifecycleWorkflows/workflows", "lifecycleWorkflows"],
  ["policies/authenticationMethodsPolicy", "authenticationMethodsPolicies"],
]);

/** The collection an `@odata.context` names, for pages and single objects (`…/$entity`), selects and expansions cut off. */
export function collectionOfContext(context: string): string | undefined {
  const set = /\$metadata#([^(]*)/
    .exec(context)?.[1]
    ?.replace(/\/\$entity$/, "")
    .replace(/\/+$/, "");
  return set ? BY_CONTEXT.get(set) : undefined;
}

const has = (o: Record<string, unknown>, ...keys: string[]) => keys.every((k) => Object.hasOwn(o, k));

/**
 * Collections by shape, for objects with neither `@odata.type` nor `@odata.context` (v1.0 leaves `@odata.type` out
 * where the type is the collection's own): the properties only that kind of object has, first match wins.
 */
const BY_SHAPE: readonly (readonly [string, (o: Record<string, unknown>) => boolean])[] = [
  ["accessReviewDefinitions", (o) => has(o, "scope", "settings", "descriptionForAdmins")],
  ["lifecycleWorkflows", (o) => has(o, "executionConditions", "category")],
  ["authenticationMethodsPolicies", (o) => has(o, "authenticationMethodConfigurations")],
  ["conditionalAccessPolicies", (o) => has(o, "conditions") && (has(o, "grantControls") || has(o, "sessionControls"))],
  ["namedLocations", (o) => has(o, "ipRanges") || has(o, "countriesAndRegions")],
  ["authenticationStrengthPolicies", (o) => has(o, "allowedCombinations")],
  ["assignmentPolicies", (o) => has(o, "allowedTargetScope") || has(o, "requestApprovalSettings")],
  ["accessPackages", (o) => has(o, "isHidden")],
  ["accessPackageCatalogs", (o) => has(o, "catalogType")],
  ["roleAssignmentSchedules", (o) => has(o, "roleDefinitionId", "principalId", "scheduleInfo", "assignmentType")],
  ["roleEligibilitySchedules", (o) => has(o, "roleDefinitionId", "principalId", "scheduleInfo", "memberType")],
  ["roleAssignments", (o) => has(o, "roleDefinitionId", "principalId", "directoryScopeId")],
  ["roleDefinitions", (o) => has(o, "rolePermissions")],
  ["groups", (o) => has(o, "groupTypes") || has(o, "securityEnabled", "mailEnabled")],
  ["servicePrincipals", (o) => has(o, "appId", "servicePrincipalType") || has(o, "appId", "appRoles")],
  ["users", (o) => has(o, "userPrincipalName")],
];

/** The collection an object's properties say it belongs to, if any. */
export function collectionOfShape(o: Record<string, unknown>): string | undefined {
  return BY_SHAPE.find(([, test]) => test(o))?.[0];
}

/** A named location's kind from its properties, when an export left `@odata.type` out. */
export function namedLocationType(o: Record<string, unknown>): string | undefined {
  if (Object.hasOwn(o, "ipRanges")) return "#microsoft.graph.ipNamedLocation";
  if (Object.hasOwn(o, "countriesAndRegions")) return "#microsoft.graph.countryNamedLocation";
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
