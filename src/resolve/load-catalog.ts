import { sortIssues, type CatalogIssue } from "../errors/issue";
import { limitPerFile } from "../errors/limit";
import { loadCatalogFilesAt } from "../load/git";
import { loadCatalogFiles, type LoadResult } from "../load/load";
import type { Catalog } from "../model/model";
import { validateFiles } from "../schema/validate";
import { findReplacements } from "./replacements";
import { resolveCatalog } from "./resolve";

export interface CatalogResult {
  /** Present only when there is no error. */
  readonly catalog?: Catalog;
  /** Every problem found, sorted by file and position. */
  readonly issues: readonly CatalogIssue[];
  /** The catalog at the base revision, when one was given and it is valid. */
  readonly base?: Catalog;
}

/**
 * The whole front of the flow: catalog files → YAML with positions → schema → resolved model.
 * Files that fail the schema are left out of resolution, so their entries are not also reported as
 * dangling references elsewhere; the catalog is returned only when nothing failed.
 */
export async function loadCatalog(root: string, options: LoadOptions = {}): Promise<CatalogResult> {
  const head = fromFiles(await loadCatalogFiles(root));
  if (!head.catalog || options.base === undefined) return head;
  const loaded = await loadCatalogFilesAt(root, options.base);
  // No base to compare with (not a repository, no commit yet, a catalog added in this change): nothing is replaced.
  if (!loaded || loaded.files.length === 0) return head;
  const base = fromFiles(loaded);
  if (!base.catalog) {
    const note = { code: "CATALOG_BASE_UNREADABLE" as const, severity: "warning" as const, file: ".", line: 1, col: 1, path: "(catalog)", message: `The catalog at ${options.base} is not valid, so changes that replace objects could not be checked against it.`, hint: "Review the plan for replacements by hand." };
    return { catalog: head.catalog, issues: sortIssues([...head.issues, note]) };
  }
  const replacements = findReplacements(base.catalog, head.catalog);
  const issues = sortIssues([...head.issues, ...replacements]);
  return { ...(issues.some((i) => i.severity === "error") ? {} : { catalog: head.catalog }), issues, base: base.catalog };
}

export interface LoadOptions {
  /**
   * A git revision to compare with (for example HEAD, or the pull request's target branch): changes that would
   * replace objects are errors unless the entry says `replace: true`.
   */
  readonly base?: string;
}

/** Schema and resolution over loaded files; the catalog only when nothing failed. */
export function fromFiles(loaded: LoadResult): CatalogResult {
  const validated = validateFiles(loaded.files);
  const front = [...loaded.issues, ...validated.issues];
  if (front.some((i) => i.severity === "error")) {
    return { issues: sortIssues(front) };
  }
  const resolved = resolveCatalog(validated.files);
  return { ...(resolved.catalog ? { catalog: resolved.catalog } : {}), issues: sortIssues([...front, ...limitPerFile(sortIssues(resolved.issues))]) };
}
