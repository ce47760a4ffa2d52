import { findById } from "../../model/model";
import type { ConstructContext } from "../context";
import type { RegistryKind } from "../registry";

/** An entry by catalog ID: one declared in TypeScript in this environment, or the catalog's. */
export function entryOf<T extends { id: string }>(ctx: ConstructContext, kind: RegistryKind, catalogList: readonly T[], id: string): T | undefined {
  return ctx.registry.entry<T>(kind, id) ?? findById(catalogList, id);
}
