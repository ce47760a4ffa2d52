import { visibleControls } from "../escape";

/**
 * A problem found in the catalog, kept structured until the edge (the CLI renders it).
 *
 * Every issue names where it was found (`file:line:col`), the catalog path of the offending value
 * (for example `groups[3].owners[0]`), what was found and expected, and how to fix it.
 */
export interface CatalogIssue {
  /** Stable code, for example `CATALOG_DUPLICATE_ID`. Scripts may match on it. */
  readonly code: IssueCode;
  readonly severity: "error" | "warning";
  /** Path relative to the catalog root, with forward slashes. */
  readonly file: string;
  /** 1-based line (1 when the problem concerns the file as a whole). */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
  /** Catalog path, for example `conditionalAccessPolicies[2].users.exclude.groups[0]`. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

export type IssueCode =
  | "CATALOG_EMPTY"
  | "CATALOG_READ_FAILED"
  | "CATALOG_LINK_OUTSIDE_ROOT"
  | "CATALOG_LINK_BROKEN"
  | "CATALOG_LINK_LOOP"
  | "CATALOG_LINK_AT_REVISION"
  | "CATALOG_NOT_A_FILE"
  | "CATALOG_PLACEHOLDER"
  | "YAML_SYNTAX"
  | "YAML_DUPLICATE_KEY"
  | "YAML_TOO_COMPLEX"
  | "YAML_MULTIPLE_DOCUMENTS"
  | "YAML_UNSUPPORTED_TAG"
  | "SCHEMA_UNKNOWN_KEY"
  | "SCHEMA_INVALID_TYPE"
  | "SCHEMA_INVALID_VALUE"
  | "SCHEMA_MISSING_FIELD"
  | "CATALOG_DUPLICATE_ID"
  | "CATALOG_UNKNOWN_REFERENCE"
  | "CATALOG_ROLE_CYCLE"
  | "CATALOG_UNKNOWN_DIRECTORY_ROLE"
  | "CATALOG_RENAMED_DIRECTORY_ROLE"
  | "CATALOG_INVALID_REFERENCE"
  | "CATALOG_NO_ENVIRONMENT"
  | "CATALOG_CONFLICT"
  | "CATALOG_DUPLICATE_IMPORT"
  | "CATALOG_ADOPTS_BREAK_GLASS"
  | "CATALOG_FORCES_REPLACEMENT"
  | "CATALOG_REPLACEMENT"
  | "CATALOG_BASE_UNREADABLE"
  | "CATALOG_BASE_UNRESOLVABLE"
  | "CATALOG_BASE_NOT_CHECKED"
  | "GUARDRAIL_UNKNOWN_RULE"
  | "GUARDRAIL_UNKNOWN_ENVIRONMENT"
  | "GUARDRAIL_UNKNOWN_ENTRY"
  | "GUARDRAIL_MISPLACED"
  | "GUARDRAIL_PROTECTED_RULE"
  | "GUARDRAIL_SUPPRESSION_EXPIRED"
  | "GUARDRAIL_SUPPRESSION_TOO_LONG"
  | "GUARDRAIL_SUPPRESSION_UNBOUND"
  | "GUARDRAIL_SUPPRESSION_UNUSED"
  | "PEOPLE_INVALID_SNAPSHOT"
  | "PEOPLE_MISSING_COLUMN"
  | "PEOPLE_UNKNOWN_COLUMN"
  | "PEOPLE_INVALID_VALUE"
  | "PEOPLE_DUPLICATE_PERSON"
  | "PEOPLE_UNKNOWN_REFERENCE"
  | "RULES_LOAD_FAILED"
  | "RULES_TSX_MISSING"
  | "RULES_NONE_EXPORTED"
  | "RULES_INVALID"
  | "RULES_RESERVED_ID"
  | "RULES_DUPLICATE_ID"
  | "RULES_BASE_UNREADABLE"
  | "CATALOG_FORMAT_NEWER"
  | "CATALOG_FORMAT_OLDER";

/** Where a value sits in the catalog: file, position and catalog path. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
}

export function issueAt(at: SourceLocation, code: IssueCode, message: string, hint?: string, severity: CatalogIssue["severity"] = "error"): CatalogIssue {
  return { code, severity, file: at.file, line: at.line, col: at.col, path: at.path, message, ...(hint ? { hint } : {}) };
}

/** Sorts issues by file, line, column and code so output does not depend on discovery order. */
export function sortIssues(issues: readonly CatalogIssue[]): CatalogIssue[] {
  return [...issues].sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.col - b.col || compare(a.code, b.code) || compare(a.message, b.message));
}

export function hasErrors(issues: readonly CatalogIssue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** Formats a path array the way catalog authors read it: `groups[3].owners[0]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${visibleControls(JSON.stringify(part))}]`;
  }
  return out || "(file)";
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
