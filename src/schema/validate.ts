import { z } from "zod";
import type { LoadedFile } from "../load/load";
import { formatPath, type CatalogIssue, type IssueCode } from "../errors/issue";
import { visibleControls } from "../escape";
import { IssueLimiter } from "../errors/limit";
import { didYouMean } from "../errors/suggest";
import { CatalogFile } from "./catalog";
import { placeholderIssues } from "./placeholders";

type ZodIssue = z.core.$ZodIssue & { input?: unknown };

export interface ValidatedFile {
  readonly source: LoadedFile;
  readonly content: CatalogFile;
}

/**
 * Validates each loaded file against the catalog file schema. Every issue of every file is reported, each
 * pointing at the offending YAML node (or, for a missing key, at its parent).
 */
export function validateFiles(files: readonly LoadedFile[]): { files: ValidatedFile[]; issues: CatalogIssue[] } {
  const ok: ValidatedFile[] = [];
  const issues: CatalogIssue[] = [];
  for (const source of files) {
    // A placeholder is reported as one (not also as the GUID or name it is not), and its file is not used.
    const placeholders = placeholderIssues(source);
    issues.push(...placeholders.issues);
    const result = CatalogFile.safeParse(source.data, { reportInput: true });
    if (result.success && !placeholders.issues.length) ok.push({ source, content: result.data });
    else if (!result.success)
      for (const issue of toCatalogIssues(
        source,
        (result.error.issues as ZodIssue[]).filter((i) => !placeholders.paths.has(JSON.stringify(i.path))),
      ))
        issues.push(issue);
  }
  return { files: ok, issues };
}

/** Each file's issues, the first few of each kind: building one (position, suggestion) is the costly part. */
export function toCatalogIssues(source: LoadedFile, zodIssues: readonly ZodIssue[]): CatalogIssue[] {
  const flat = flatten(zodIssues, []);
  const unknownKeyPaths = new Set(flat.filter((i) => i.code === "unrecognized_keys").map((i) => JSON.stringify(i.path)));
  const out = new IssueLimiter();
  for (const issue of flat) {
    // A refinement over an object that also has an unknown key is noise: the unknown key is the real problem.
    if (issue.code === "custom" && unknownKeyPaths.has(JSON.stringify(issue.path))) continue;
    const path = issue.path as (string | number)[];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.add("SCHEMA_UNKNOWN_KEY", () => {
          const at = source.locate([...path, key], { key: true });
          const suggestion = didYouMean(key, knownKeys());
          return make(
            at,
            "SCHEMA_UNKNOWN_KEY",
            `Unknown key '${key}' in ${describeParent(path)}.`,
            suggestion ? `Did you mean '${suggestion}'? Remove or rename the key.` : "Remove the key, or check its spelling against docs/catalog.md.",
          );
        });
      }
      continue;
    }
    // A missing field is pointed at by its parent's key (or list item), where the author would add it.
    const missing = issue.input === undefined && path.length > 0;
    const parent = path.slice(0, -1);
    out.add(`${issue.code}:${issue.message}`, () =>
      describe(issue, missing ? source.locate(parent, { key: typeof parent[parent.length - 1] === "string" }) : source.locate(path), path),
    );
  }
  return out.issues();
}

function describe(issue: ZodIssue, at: ReturnType<LoadedFile["locate"]>, path: (string | number)[]): CatalogIssue {
  const field = path.length ? String(path[path.length - 1]) : "file";
  const found = foundText(issue.input);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) {
        return make(
          at,
          "SCHEMA_MISSING_FIELD",
          `Missing required field '${field}' (expected ${article(issue.expected)}).`,
          `Add '${field}:' to ${describeParent(path.slice(0, -1))}.`,
        );
      }
      return make(at, "SCHEMA_INVALID_TYPE", `'${field}' should be ${article(issue.expected)}, found ${found}.`, typeHint(issue.expected));
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      const suggestion = typeof issue.input === "string" ? didYouMean(issue.input, values) : undefined;
      return make(
        at,
        "SCHEMA_INVALID_VALUE",
        `'${field}' is ${found}; expected one of ${values.join(", ")}.`,
        suggestion ? `Did you mean '${suggestion}'?` : `Use one of: ${values.join(", ")}.`,
      );
    }
    case "invalid_union":
      if ("discriminator" in issue && (issue as { options?: unknown[] }).options) {
        const options = ((issue as { options: unknown[] }).options ?? []).map(String);
        const value = (issue.input as Record<string, unknown> | undefined)?.[String((issue as { discriminator: string }).discriminator)];
        const suggestion = typeof value === "string" ? didYouMean(value, options) : undefined;
        return make(
          at,
          "SCHEMA_INVALID_VALUE",
          `'${field}' is ${foundText(value)}; expected one of ${options.join(", ")}.`,
          suggestion ? `Did you mean '${suggestion}'?` : `Set ${field} to one of: ${options.join(", ")}.`,
        );
      }
      if (issue.input === undefined) {
        return make(
          at,
          "SCHEMA_MISSING_FIELD",
          `Missing required field '${field}'.`,
          `Add '${field}:' to ${describeParent(path.slice(0, -1))} (see docs/catalog.md for its forms).`,
        );
      }
      if (issue.input === null || typeof issue.input !== "object") {
        const kinds = unionKinds(issue);
        if (kinds.length && !kinds.includes(typeof issue.input === "string" ? "string" : typeof issue.input)) {
          return make(at, "SCHEMA_INVALID_TYPE", `'${field}' should be ${kinds.map(article).join(" or ")}, found ${found}.`, typeHint(kinds[0]!));
        }
      }
      return make(
        at,
        "SCHEMA_INVALID_VALUE",
        `'${field}' does not match any accepted form (found ${found}).`,
        "See docs/catalog.md for the accepted forms of this field.",
      );
    case "too_small":
      if (issue.origin === "array")
        return make(at, "SCHEMA_INVALID_VALUE", `'${field}' needs at least ${issue.minimum} item(s)${customSuffix(issue)}.`, "Add the missing entries.");
      if (issue.origin === "string")
        return make(at, "SCHEMA_INVALID_VALUE", `'${field}' is too short (at least ${issue.minimum} characters)${customSuffix(issue)}.`);
      return make(at, "SCHEMA_INVALID_VALUE", `'${field}' is ${found}; the minimum is ${issue.minimum}.`);
    case "too_big":
      if (issue.origin === "array") return make(at, "SCHEMA_INVALID_VALUE", `'${field}' has too many items (at most ${issue.maximum})${customSuffix(issue)}.`);
      if (issue.origin === "string")
        return make(at, "SCHEMA_INVALID_VALUE", `'${field}' is too long (at most ${issue.maximum} characters)${customSuffix(issue)}.`);
      return make(at, "SCHEMA_INVALID_VALUE", `'${field}' is ${found}; the maximum is ${issue.maximum}.`);
    default:
      // A rule over several fields (input is their parent mapping): the message says what is wrong on its own.
      if (issue.code === "custom" && issue.input !== null && typeof issue.input === "object" && !Array.isArray(issue.input))
        return make(at, "SCHEMA_INVALID_VALUE", `'${field}' is invalid: ${issue.message}.`);
      return make(at, "SCHEMA_INVALID_VALUE", `'${field}' is invalid: ${issue.message}; found ${found}.`);
  }
}

/** Union errors: keep the branch that got furthest into the value (the one the author meant). */
function flatten(issues: readonly ZodIssue[], prefix: (string | number)[]): ZodIssue[] {
  const out: ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branches = issue.errors as ZodIssue[][];
      const best = [...branches].sort((a, b) => score(b) - score(a) || a.length - b.length)[0]!;
      // A branch that fails on the value's type at its root says nothing useful: report the union itself.
      if (best.every((i) => i.code === "invalid_type" && i.path.length === 0)) out.push({ ...issue, path } as ZodIssue);
      else out.push(...flatten(best, path));
      continue;
    }
    out.push({ ...issue, path } as ZodIssue);
  }
  return out;
}

/** The value types a union accepts, from its branches' root type errors. */
function unionKinds(issue: ZodIssue): string[] {
  if (issue.code !== "invalid_union") return [];
  const kinds = new Set<string>();
  for (const branch of issue.errors as ZodIssue[][]) {
    const root = branch.find((i) => i.code === "invalid_type" && i.path.length === 0);
    if (root && root.code === "invalid_type") kinds.add(String(root.expected));
  }
  return [...kinds];
}

function score(branch: readonly ZodIssue[]): number {
  const typeMismatchAtRoot = branch.some((i) => i.code === "invalid_type" && i.path.length === 0);
  return (typeMismatchAtRoot ? 0 : 100) + Math.max(0, ...branch.map((i) => i.path.length));
}

let keysCache: Set<string> | undefined;
/** Every key the schema knows, for "did you mean". */
function knownKeys(): Set<string> {
  if (keysCache) return keysCache;
  keysCache = new Set();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const props = (node as { properties?: Record<string, unknown> }).properties;
      if (props) Object.keys(props).forEach((k) => keysCache!.add(k));
      Object.values(node).forEach(walk);
    }
  };
  walk(z.toJSONSchema(CatalogFile, { io: "input", unrepresentable: "any" }));
  return keysCache;
}

function make(at: ReturnType<LoadedFile["locate"]>, code: IssueCode, message: string, hint?: string): CatalogIssue {
  return { code, severity: "error", file: at.file, line: at.line, col: at.col, path: at.path, message, ...(hint ? { hint } : {}) };
}

function describeParent(path: readonly (string | number)[]): string {
  return path.length ? `'${formatPath(path)}'` : "the top level of the file";
}

function foundText(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value (null)";
  if (typeof v === "string") return visibleControls(JSON.stringify(v.length > 80 ? v.slice(0, 77) + "..." : v));
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${String(v)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    string: "a text",
    number: "a number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping (key: value lines)",
  };
  return names[expected] ?? expected;
}

function typeHint(expected: string): string | undefined {
  if (expected === "array") return "Write a YAML list: one '- item' per line, or [a, b].";
  if (expected === "object") return "Write key: value lines indented under this key.";
  if (expected === "string") return "Quote the value if YAML reads it as a number, date or boolean.";
  if (expected === "boolean") return "Use true or false (without quotes).";
  return undefined;
}

function customSuffix(issue: ZodIssue): string {
  return issue.message && !/^Too (small|big)/.test(issue.message) ? `: ${issue.message}` : "";
}
