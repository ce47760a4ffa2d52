import { logicalId, type LogicalIdKind } from "../../model/addresses";

/** A part of a logical ID: a fixed word, or a catalog entry that may have had other IDs before. */
export type IdPart = string | { readonly id: string; readonly spec: { readonly previousIds?: readonly string[] | undefined } };

/** The logical ID of a resource derived from these parts. */
export function currentLogicalId(kind: LogicalIdKind, ...parts: IdPart[]): string {
  return logicalId(kind, ...parts.map((p) => (typeof p === "string" ? p : p.id)));
}

/**
 * Every logical ID the resource had under its entries' previous IDs: each combination of current and previous
 * IDs of its parts, except the current one (a membership of a renamed group in a renamed role moved too).
 */
export function previousLogicalIds(kind: LogicalIdKind, ...parts: IdPart[]): string[] {
  let combos: string[][] = [[]];
  for (const part of parts) {
    const options = typeof part === "string" ? [part] : [part.id, ...(part.spec.previousIds ?? [])];
    combos = combos.flatMap((c) => options.map((o) => [...c, o]));
  }
  const current = currentLogicalId(kind, ...parts);
  return combos.map((c) => logicalId(kind, ...c)).filter((id) => id !== current);
}

/** Minimal view of a resource for naming: cdktf's TerraformResource satisfies it. */
interface Nameable {
  overrideLogicalId(id: string): void;
}

/** Import ID formats of azuread 3.7.0 (the resource docs' "Import" sections), by resource type. */
const IMPORT_ID: Record<string, (objectId: string) => string> = {
  azuread_group: (id) => `/groups/${id}`,
  azuread_group_without_members: (id) => `/groups/${id}`,
  azuread_conditional_access_policy: (id) => `/identity/conditionalAccess/policies/${id}`,
  azuread_named_location: (id) => `/identity/conditionalAccess/namedLocations/${id}`,
  azuread_administrative_unit: (id) => `/directory/administrativeUnits/${id}`,
  azuread_authentication_strength_policy: (id) => `/policies/authenticationStrengthPolicies/${id}`,
  azuread_access_package_catalog: (id) => id,
};

/**
 * Adopts an existing object: a Terraform import block on the entry's main resource when the entry says
 * `importFrom`, so the first plan after adoption updates the object instead of creating a second one.
 */
export function adopt(resource: { terraformResourceType: string; importFrom(id: string): void }, entry: { spec: { importFrom?: string | undefined } }): void {
  const objectId = entry.spec.importFrom;
  if (!objectId) return;
  const format = IMPORT_ID[resource.terraformResourceType];
  if (!format) throw new Error(`internal: no import ID format for ${resource.terraformResourceType}`);
  resource.importFrom(format(objectId.toLowerCase()));
}

/**
 * Gives a resource its logical ID (derived from catalog IDs only) and records moved blocks from the IDs it had
 * under its entries' previous IDs.
 */
export function identify<T extends Nameable>(
  resource: T,
  refactoring: { moved(resource: T, previous: readonly string[]): void },
  kind: LogicalIdKind,
  ...parts: IdPart[]
): T {
  resource.overrideLogicalId(currentLogicalId(kind, ...parts));
  refactoring.moved(resource, previousLogicalIds(kind, ...parts));
  return resource;
}
