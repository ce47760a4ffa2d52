import type { Catalog } from "../../src/model/model";
import { resolveCatalog } from "../../src/resolve/resolve";
import { CatalogFile } from "../../src/schema/catalog";
import type { ValidatedFile } from "../../src/schema/validate";

/** The one environment of every generated benchmark catalog. */
export const BENCH_ENVIRONMENT = {
  id: "bench",
  tenantId: "11111111-1111-1111-1111-111111111111",
  breakGlass: { accounts: ["aaaaaaaa-0000-0000-0000-000000000001"] },
  backend: { type: "local" },
};

/**
 * A generated catalog's content, checked by the catalog schema and resolved as one file `bench.yaml` (positions are
 * all line 1: benchmarks measure the analyses, not the loader). Throws when the generator wrote an invalid catalog.
 */
export function resolveGenerated(data: unknown): Catalog {
  const content = CatalogFile.parse(data);
  const source = { file: "bench.yaml", data: {}, locate: (p: readonly (string | number)[]) => ({ file: "bench.yaml", line: 1, col: 1, path: p.join(".") }) };
  const { catalog, issues } = resolveCatalog([{ source, content } as ValidatedFile]);
  if (!catalog) throw new Error(`generated catalog invalid: ${issues[0]?.message}`);
  return catalog;
}
