import { sortIssues, type CatalogIssue } from "../errors/issue";
import { loadCatalogFiles } from "../load/load";
import type { Catalog } from "../model/model";
import { validateFiles } from "../schema/validate";
import { resolveCatalog } from "./resolve";

export interface CatalogResult {
  /** Present only when there is no error. */
  readonly catalog?: Catalog;
  /** Every problem found, sorted by file and position. */
  readonly issues: readonly CatalogIssue[];
}

/**
 * The whole front of the flow: catalog files → YAML with positions → schema → resolved model.
 * Files that fail the schema are left out of resolution, so their entries are not also reported as
 * dangling references elsewhere; the catalog is returned only when nothing failed.
 */
export async function loadCatalog(root: string): Promise<CatalogResult> {
  const loaded = await loadCatalogFiles(root);
  const validated = validateFiles(loaded.files);
  const front = [...loaded.issues, ...validated.issues];
  if (front.some((i) => i.severity === "error")) {
    return { issues: sortIssues(front) };
  }
  const resolved = resolveCatalog(validated.files);
  return { ...(resolved.catalog ? { catalog: resolved.catalog } : {}), issues: sortIssues([...front, ...resolved.issues]) };
}
