import type * as Graph from "@microsoft/microsoft-graph-types";
import type { z } from "zod";
import type { CaState, ConditionalAccessPolicySpec, EnvironmentSpec } from "../../schema/catalog";

/**
 * What a concept needs to write a catalog entry in Graph's shape (catalog → Graph): object IDs for catalog IDs and
 * people, display names as the environment prefixes them. Two views exist: the catalog's own (the expected tenant,
 * stand-in IDs for objects not created yet) and an import's (every catalog ID maps back to the object it was
 * imported from), so the same function serves drift and the import's check that an entry reproduces its object.
 */
export interface GraphView {
  /** Display name of an object in the environment (with the environment's prefix). */
  displayName(name: string): string;
  /** A person (UPN or object ID) as a Graph directory object: its object ID, and its UPN when known. */
  user(ref: string): Graph.DirectoryObject;
  /** Object ID of the object a catalog entry stands for: the adopted one (importFrom), or a stable stand-in. */
  objectId(kind: ObjectKind, catalogId: string): string;
  /** An application of the catalog: its client ID and its service principal's object ID. */
  application(catalogId: string): { clientId: string; servicePrincipalId: string };
  /** Display name of a custom authentication strength in the environment, by catalog ID. */
  strengthName(catalogId: string): string | undefined;
  /** The environment's break-glass accounts and group. */
  readonly breakGlass: EnvironmentSpec["breakGlass"];
  /** The state a conditional access policy has in the environment (overrides applied). */
  caState(policy: { id: string; spec: ConditionalAccessPolicySpec }): z.infer<typeof CaState>;
}

/** Kinds of objects a catalog entry stands for (an entry may stand for several: a business role's group and package). */
export type ObjectKind =
  | "administrativeUnit"
  | "group"
  | "roleGroup"
  | "pimGroup"
  | "namedLocation"
  | "authenticationStrength"
  | "conditionalAccessPolicy"
  | "accessPackageCatalog"
  | "accessPackage"
  | "assignmentPolicy"
  | "servicePrincipal"
  | "resourceRole"
  | "resourceScope"
  | "appRoleAssignment"
  | "user"
  | "accessReview"
  | "autoAssignmentPolicy"
  | "lifecycleWorkflow"
  | "directoryRolePolicy";

/** What an import knows while it turns Graph objects into catalog entries (Graph → catalog). */
export interface ImportContext {
  /** Catalog ID given to an imported object (group, named location, strength, catalog, unit), by object ID. */
  ref(objectId: string): string | undefined;
  /** Why a group has no catalog ID, in the terms of what it is (for the reason a policy is not imported). */
  unknownGroup(objectId: string): string;
  /** Catalog ID of the application with this client ID. */
  app(clientId: string): string | undefined;
  /** Catalog ID of the application whose service principal has this object ID. */
  servicePrincipal(objectId: string): string | undefined;
  /** A person as the catalog writes them: UPN (with the environment's domains mapped back), else the object ID. */
  person(id: string): string;
  people(ids: readonly string[]): string[];
  /** Display name without the environment's prefix. */
  name(displayName: string): string;
  readonly breakGlassAccounts: readonly string[];
  readonly breakGlassGroup: string | undefined;
}

/**
 * A property of a tenant object that an import cannot carry into the catalog, and who is the limit: the azuread
 * provider 3.7.0 (it has no attribute for it, so no catalog could deploy it) or idac (the catalog cannot say it yet).
 */
export interface Limitation {
  /** Graph property path, e.g. `conditions.devices.deviceFilter`. */
  readonly path: string;
  /** What the tenant holds there. */
  readonly value: unknown;
  /** What the catalog entry would make of it; absent when the property would be lost. */
  readonly becomes?: unknown;
  readonly limit: "provider" | "idac";
  /** Why, naming the missing attribute or what the catalog lacks. */
  readonly why: string;
}

/** A catalog entry made from a Graph object, with what it cannot carry (then the object is not imported). */
export interface FromGraph<T> {
  /** The entry, as far as it could be made (written only when nothing is limited). */
  readonly entry: T;
  readonly limits: readonly Limitation[];
}

/** Distinct values, sorted: how the catalog writes set-like lists. */
export function sorted<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

/** A list as the catalog writes it: sorted, without duplicates, left out when empty. */
export function setOrUndefined<T extends string>(values: readonly T[]): T[] | undefined {
  return values.length ? sorted(values) : undefined;
}

/** A copy without undefined values, at every depth (YAML writes no `key: undefined`). */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, prune(v)]),
    ) as T;
  }
  return value;
}

/** A catalog entry: its ID first, `importFrom` (the object it adopts) last, no undefined values. */
export function adoptingEntry<T>(id: string, objectId: string, fields: Record<string, unknown>): T {
  return prune({ id, ...fields, importFrom: objectId.toLowerCase() }) as T;
}
