import { quoted } from "../escape";
import { sortIssues, type CatalogIssue } from "../errors/issue";
import { loadCatalogFilesAt, revisionProblemMessage, verifyRevision, type RevisionProblem } from "../load/git";
import { limitPerFile } from "../errors/limit";
import { readCatalogFormat, readStackSettingsAt, type CatalogFormat } from "../load/format";
import { loadCatalogFiles, type LoadResult } from "../load/load";
import type { Catalog } from "../model/model";
import { timed, timedAsync } from "../profile/phases";
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
  /**
   * What was found at the base revision, when one was given: a valid catalog, an invalid one, or none (no catalog
   * files there: the change adds the catalog). Absent when there was nothing to compare with (no repository).
   */
  readonly baseStatus?: "valid" | "invalid" | "missing";
}

/**
 * The whole front of the flow: catalog files → YAML with positions → schema → resolved model.
 * Files that fail the schema are left out of resolution, so their entries are not also reported as
 * dangling references elsewhere; the catalog is returned only when nothing failed.
 */
export async function loadCatalog(root: string, options: LoadOptions = {}): Promise<CatalogResult> {
  const head = withFormat(fromFiles(await timedAsync("load", () => loadCatalogFiles(root))), await readCatalogFormat(root));
  if (options.base === undefined) return head;
  // The base is verified even when the catalog is invalid, so a base that does not resolve is never silently ignored.
  const verified = await verifyRevision(root, options.base);
  if (verified.problem) {
    const issue = baseProblem(verified.problem, root, options);
    const issues = sortIssues([...head.issues, issue]);
    return head.catalog && issue.severity === "warning" ? { catalog: head.catalog, issues } : { issues };
  }
  if (!head.catalog) return head;
  const loaded = await timedAsync("load base", () => loadCatalogFilesAt(root, verified.commit));
  // No catalog at the base (a catalog added in this change): nothing is replaced, and the policy is new.
  if (!loaded || loaded.files.length === 0) return { ...head, baseStatus: "missing" };
  const base = await withStackSettingsAt(fromFiles(loaded), root, verified.commit);
  if (!base.catalog) {
    const note = {
      code: "CATALOG_BASE_UNREADABLE" as const,
      severity: "warning" as const,
      file: ".",
      line: 1,
      col: 1,
      path: "(catalog)",
      message: `The catalog at ${quoted(options.base)} is not valid, so changes that replace objects could not be checked against it.`,
      hint: "Review the plan for replacements by hand.",
    };
    return { catalog: head.catalog, issues: sortIssues([...head.issues, note]), baseStatus: "invalid" };
  }
  const replacements = timed("replacements", () => findReplacements(base.catalog!, head.catalog!));
  const issues = sortIssues([...head.issues, ...replacements]);
  return { ...(issues.some((i) => i.severity === "error") ? {} : { catalog: head.catalog }), issues, base: base.catalog, baseStatus: "valid" };
}

export interface LoadOptions {
  /**
   * A git revision to compare with (for example HEAD, or the pull request's target branch): changes that would
   * replace objects are errors unless the entry says `replace: true`. A revision that does not resolve is an error
   * (`CATALOG_BASE_UNRESOLVABLE`).
   */
  readonly base?: string;
  /**
   * `base` is the command's default (`HEAD`), not one the user named: when the folder is not in a git repository
   * or the repository has no commit yet, the comparison is skipped with a warning (`CATALOG_BASE_NOT_CHECKED`)
   * instead of an error. Any other problem (a name that resolves to nothing) is still an error. @default false
   */
  readonly defaultBase?: boolean;
}

/** The issue for a base that does not resolve: a warning only for the default base where there is no history at all. */
function baseProblem(problem: RevisionProblem, root: string, options: LoadOptions): CatalogIssue {
  const at = { file: ".", line: 1, col: 1, path: "(catalog)" };
  if (options.defaultBase && (problem.kind === "not-a-repository" || problem.kind === "no-commit")) {
    const message = `Changes that replace objects were not checked against a base: ${revisionProblemMessage(problem, root)}`;
    return {
      ...at,
      code: "CATALOG_BASE_NOT_CHECKED",
      severity: "warning",
      message,
      hint: "Commit the catalog (or pass --base <ref>) to check them; pass --no-base to compare with nothing.",
    };
  }
  return {
    ...at,
    code: "CATALOG_BASE_UNRESOLVABLE",
    severity: "error",
    message: revisionProblemMessage(problem, root),
    hint: "Pass --base with a branch, tag or commit of this repository, or --no-base to compare with nothing.",
  };
}

/** The base catalog with the stack ceiling its own idac.yaml declared, so its stack layout is the one its stacks have. */
export async function withStackSettingsAt(base: CatalogResult, root: string, commit: string): Promise<CatalogResult> {
  if (!base.catalog) return base;
  const stacks = await readStackSettingsAt(root, commit);
  return stacks ? { ...base, catalog: { ...base.catalog, stackSettings: stacks } } : base;
}

/** The format declaration's problems join the catalog's; a format this idac cannot read leaves no catalog. */
function withFormat(loaded: CatalogResult, format: CatalogFormat): CatalogResult {
  const head = format.stacks && loaded.catalog ? { ...loaded, catalog: { ...loaded.catalog, stackSettings: format.stacks } } : loaded;
  if (!format.issues.length) return head;
  const issues = sortIssues([...head.issues, ...format.issues]);
  return issues.some((i) => i.severity === "error") ? { issues } : { ...head, issues };
}

/** Schema and resolution over loaded files; the catalog only when nothing failed. */
export function fromFiles(loaded: LoadResult): CatalogResult {
  const validated = timed("schema", () => validateFiles(loaded.files));
  const front = [...loaded.issues, ...validated.issues];
  if (front.some((i) => i.severity === "error")) {
    return { issues: sortIssues(front) };
  }
  const resolved = timed("resolve", () => resolveCatalog(validated.files));
  return { ...(resolved.catalog ? { catalog: resolved.catalog } : {}), issues: sortIssues([...front, ...limitPerFile(sortIssues(resolved.issues))]) };
}
