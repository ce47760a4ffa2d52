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
