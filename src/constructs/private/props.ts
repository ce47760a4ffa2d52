import { Construct } from "constructs";
import type { z } from "zod";
import { formatPath } from "../../errors/issue";
import type { EntrySource } from "../../model/model";
import { constructSource, type Resolved } from "../../resolve/single-entry";

/**
 * Props built by the catalog compiler carry the entry the resolver already resolved (with its source position
 * and whole-catalog derived values); a construct then builds from that entry instead of resolving its props again.
 */
export const RESOLVED = Symbol("idac.resolvedEntry");

/** Props that may carry a resolved catalog entry (set by `fromModel` only). */
export interface MaybeResolved<E> {
  readonly [RESOLVED]?: E;
}

/** A construct that stands for a catalog entry: references to it resolve to its catalog ID. */
export interface CatalogEntryConstruct {
  readonly catalogId: string;
}

/** A catalog ID, or the construct that declares that entry. */
export type Ref<T extends CatalogEntryConstruct> = string | T;

/** The catalog ID a reference names. */
export function refId(ref: string | CatalogEntryConstruct): string {
  return typeof ref === "string" ? ref : ref.catalogId;
}

/** Replaces every construct reference inside props by its catalog ID, so the catalog's schema can check them. */
export function withCatalogIds(value: unknown): unknown {
  if (value instanceof Construct) {
    if ("catalogId" in value && typeof value.catalogId === "string") return value.catalogId;
    throw new Error(`${value.node.path} is not an idac construct that stands for a catalog entry; pass an idac construct or a catalog ID`);
  }
  if (Array.isArray(value)) return value.map(withCatalogIds);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withCatalogIds(v)]));
  return value;
}

/**
 * Checks props with the catalog's schema for the entry (the same checks a YAML entry gets: types, formats, limits,
 * defaults filled in), then with `resolve` (the resolver's checks that apply to one entry). Problems are reported
 * through `node.addValidation`, so synthesis lists every problem of every construct; the entry is returned only
 * when it can be built.
 */
export function parseProps<S extends z.ZodType<{ id: string }>, E>(
  construct: Construct,
  schema: S,
  input: object,
  resolve: (spec: z.output<S>, source: EntrySource) => Resolved<E | undefined>,
): E | undefined {
  const path = construct.node.path;
  const parsed = schema.safeParse(withCatalogIds(input));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${path}: ${i.path.length ? `${formatPath(i.path.map((p) => (typeof p === "symbol" ? String(p) : p)))}: ` : ""}${i.message}`,
    );
    construct.node.addValidation({ validate: () => problems });
    return undefined;
  }
  const { entry, problems } = resolve(parsed.data, constructSource(path));
  if (problems.length) construct.node.addValidation({ validate: () => problems.map((p) => `${path}: ${p}`) });
  return problems.length ? undefined : entry;
}

/** Reports a problem found while building (a reference that is not declared in this environment). */
export function addProblem(construct: Construct, problem: string): void {
  construct.node.addValidation({ validate: () => [`${construct.node.path}: ${problem}`] });
}
