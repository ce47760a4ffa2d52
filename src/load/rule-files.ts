import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CatalogIssue } from "../errors/issue";
import { organisationRules, type RuleModule } from "../guardrails/organisation-rules";
import type { Rule } from "../guardrails/types";
import { fileIssue, MAX_FILE_BYTES } from "./load";
import { catalogTsImport, type TsImport } from "./catalog-code";
import { readFolderAt } from "./git";
import { listFilesInside } from "./paths";

/** The folder of the catalog repository that holds organisation rules. */
export const RULES_FOLDER = "rules";

/** A rule file: directly in rules/, TypeScript or JavaScript, not a test or a declaration file. Sub-folders hold helpers. */
export function isRuleFile(rel: string): boolean {
  return /^rules\/[^/]+\.(?:ts|mts|js|mjs)$/.test(rel) && !/\.(?:test|spec)\.[mc]?[jt]s$|\.d\.[mc]?ts$/.test(rel);
}

export interface LoadedRules {
  readonly rules: readonly Rule[];
  readonly issues: readonly CatalogIssue[];
}

/** Loads the organisation rules of the catalog repository as they are on disk. */
export async function loadOrganisationRules(root: string, builtin: readonly { id: string }[]): Promise<LoadedRules> {
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  const { files, unread } = await listFilesInside(root, realRoot, RULES_FOLDER, isRuleFile);
  const issues: CatalogIssue[] = unread.map((u) =>
    fileIssue(
      u.rel,
      "RULES_LOAD_FAILED",
      `Not a rule file idac reads (` +
        `${u.why === "outside" ? "a link outside the catalog root" : u.why === "special" ? "not a plain file" : `a ${u.why} link`}` +
        `): it was not loaded.`,
      "Keep rule files as plain files inside rules/.",
    ),
  );
  const loaded = await importRuleFiles(root, root, files, issues);
  const checked = organisationRules(loaded, builtin);
  return { rules: checked.rules, issues: [...issues, ...checked.issues] };
}

/**
 * Loads the organisation rules as they were at a verified commit: every file under rules/ at that commit is written
 * into a temporary folder inside the catalog root (so that `idac/rules`, tsx and other packages resolve from the
 * repository's node_modules), imported from there, and the folder is removed. Nothing of the working tree's rules/
 * runs. A rule file that imports a file outside rules/ fails to load: only rules/ is copied.
 */
export async function loadOrganisationRulesAt(root: string, commit: string, builtin: readonly { id: string }[]): Promise<LoadedRules> {
  const at = await readFolderAt(root, commit, RULES_FOLDER);
  if (!at)
    return {
      rules: [],
      issues: [
        fileIssue(
          RULES_FOLDER,
          "RULES_BASE_UNREADABLE",
          `The organisation rules at ${commit.slice(0, 12)} could not be read from git.`,
          "Check that the base revision is fetched (fetch-depth: 0 in CI).",
        ),
      ],
    };
  const issues: CatalogIssue[] = at.skipped.map((name) =>
    fileIssue(
      name,
      "RULES_LOAD_FAILED",
      `At ${commit.slice(0, 12)} this is a link, a submodule or a file over ${MAX_FILE_BYTES} bytes: it was not copied, so rules that import it fail.`,
      "Keep rule files as plain files inside rules/.",
    ),
  );
  const names = at.files.map((f) => f.name).filter(isRuleFile);
  if (names.length === 0) return { rules: [], issues };
  let copy: string;
  try {
    copy = await mkdtemp(path.join(root, ".idac-base-rules-"));
  } catch (err) {
    return {
      rules: [],
      issues: [
        ...issues,
        fileIssue(
          RULES_FOLDER,
          "RULES_BASE_UNREADABLE",
          `The organisation rules at ${commit.slice(0, 12)} could not be copied into the catalog root to be loaded: ${(err as Error).message}`,
          "Run validate where the catalog root is writable (a CI checkout is).",
        ),
      ],
    };
  }
  try {
    for (const f of at.files) {
      await mkdir(path.dirname(path.join(copy, f.name)), { recursive: true });
      await writeFile(path.join(copy, f.name), f.bytes, { flag: "wx" });
    }
    const loaded = await importRuleFiles(root, copy, names, issues);
    const checked = organisationRules(loaded, builtin);
    return { rules: checked.rules, issues: [...issues, ...checked.issues] };
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/** A file of rules/ that differs between the working tree and a commit. */
export interface RuleFileChange {
  readonly file: string;
  readonly kind: "added" | "changed" | "removed";
}

/**
 * Every file under rules/ (helpers and tests included: they decide what the rules do) that the working tree adds,
 * changes or removes against a verified commit. Undefined when git cannot list the commit.
 */
export async function ruleFileChanges(root: string, commit: string): Promise<RuleFileChange[] | undefined> {
  const at = await readFolderAt(root, commit, RULES_FOLDER);
  if (!at) return undefined;
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  const { files, unread } = await listFilesInside(root, realRoot, RULES_FOLDER, () => true);
  const before = new Map(at.files.map((f) => [f.name, f.bytes]));
  const changes: RuleFileChange[] = [];
  for (const name of [...files, ...unread.map((u) => u.rel)].sort()) {
    const was = before.get(name);
    if (was === undefined) {
      changes.push({ file: name, kind: at.skipped.includes(name) ? "changed" : "added" });
      continue;
    }
    const now = await readFile(path.join(root, name)).catch(() => undefined);
    if (!now || !Buffer.from(now).equals(Buffer.from(was))) changes.push({ file: name, kind: "changed" });
  }
  const present = new Set([...files, ...unread.map((u) => u.rel)]);
  for (const name of [...before.keys(), ...at.skipped]) if (!present.has(name)) changes.push({ file: name, kind: "removed" });
  return changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

let loads = 0;

/**
 * Imports rule files from `from` (the catalog root, or a copy of rules/ inside it). TypeScript goes through tsx as
 * the catalog repository installs it (idac itself runs without tsx); JavaScript through plain import(). A file that
 * cannot be loaded is an error naming it, never a crash.
 */
async function importRuleFiles(root: string, from: string, names: readonly string[], issues: CatalogIssue[]): Promise<RuleModule[]> {
  const modules: RuleModule[] = [];
  let tsImport: TsImport | undefined;
  let tsxMissing = false;
  loads++;
  for (const name of names) {
    const file = path.join(from, name);
    const text = await readFile(file, "utf8").catch(() => "");
    const typescript = /\.m?ts$/.test(name);
    if (typescript && !tsImport && !tsxMissing) {
      tsImport = await catalogTsImport(root);
      tsxMissing = tsImport === undefined;
    }
    if (typescript && !tsImport) {
      issues.push(
        fileIssue(
          name,
          "RULES_TSX_MISSING",
          `${name} is TypeScript, and tsx is not installed in the catalog repository (` +
            `${path.join(root, "node_modules")}): idac loads TypeScript rules with the repository's ` +
            `own tsx.`,
          "Run `npm install --save-dev tsx` in the catalog repository, or write the rule as JavaScript (.mjs).",
        ),
      );
      continue;
    }
    try {
      const url = pathToFileURL(file).href;
      const loaded = typescript ? await tsImport!(url, pathToFileURL(path.join(root, "package.json")).href) : await import(`${url}?idac-load=${loads}`);
      modules.push({ file: name, text, exports: { ...(loaded as Record<string, unknown>) } });
    } catch (err) {
      const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
      issues.push(
        fileIssue(
          name,
          "RULES_LOAD_FAILED",
          `Organisation rule file ${name} could not be loaded: ${why}`,
          `Run it on its own to see the whole error (npx tsx ${name}).`,
        ),
      );
    }
  }
  return modules;
}

/**
 * tsx's `tsImport` from the catalog repository's node_modules (its ESM entry, read from tsx's own exports map), or
 * undefined when tsx is not installed there.
 */
