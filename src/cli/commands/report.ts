import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { mdText, quoted, termText } from "../../escape";
import { hasErrors } from "../../errors/issue";
import { ALL_RULES } from "../../guardrails/engine";
import { loadCatalogFilesAt, resolveRevision } from "../../load/git";
import { loadOrganisationRules, loadOrganisationRulesAt } from "../../load/rule-files";
import type { Catalog } from "../../model/model";
import { checkOutputFolder, markerText, OUTPUT_MARKER, OutputRefused, type LegacyShape } from "../../output/output-folder";
import { replaceFile } from "../../output/replace-file";
import { fromFiles, loadCatalog } from "../../resolve/load-catalog";
import { evidenceHtml, tableCsv, tableMarkdown, tablesJson } from "../../reports/audit/render";
import { buildTable, REPORT_KINDS, type ReportKind } from "../../reports/audit/tables";
import { EXIT, type ExitCode } from "../exit-codes";
import { runDate } from "../today";
import { processOutput, reportIssues, type Output } from "../render";
import { revisionOrReport } from "./private/catalog";
import { PEOPLE_VARIABLE, snapshotOrReport } from "./private/people";
import { leaversTable, peopleAccessTable, type PeopleReportKind } from "../../reports/audit/people";

export interface ReportOptions {
  readonly catalog: string;
  readonly kind: ReportKind | PeopleReportKind | "all";
  readonly format: "md" | "csv" | "json" | "html";
  /** Read the catalog as it was at this git revision. */
  readonly at?: string;
  /**
   * Write files into this folder instead of printing. It must be new, empty, or a folder idac wrote reports into
   * (never the catalog root, the working directory or an ancestor of either).
   */
  readonly out?: string;
  /** The date findings are evaluated on. @default today, or IDAC_TODAY */
  readonly today?: string;
  /** An HR snapshot: adds the person-level tables (access per person, leavers with residual access). */
  readonly people?: string;
}

/**
 * Report files an earlier idac wrote into an `--out` folder before it marked its folders: `evidence.html` and
 * `report-<kind>.<md|csv|json>`, nothing else.
 */
const LEGACY_REPORTS: LegacyShape = {
  description: "report files of an earlier idac (evidence.html, report-<kind>.md|csv|json)",
  accepts: async (_dir, entries) => entries.every((e) => e.isFile() && /^(?:evidence\.html|report-[a-z-]+\.(?:md|csv|json))$/.test(e.name)),
};

/** `idac report`: audit evidence from the catalog, optionally as it was at any commit. */
export async function runReport(options: ReportOptions, out: Output = processOutput): Promise<ExitCode> {
  const date = runDate(options.today);
  if ("error" in date) {
    out.stderr(`${date.error}\n`);
    return EXIT.invalidInput;
  }
  let outdir: string | undefined;
  if (options.out !== undefined) {
    try {
      outdir = await checkOutputFolder(options.out, { kind: "report", protect: [{ path: options.catalog, name: "the catalog root" }], legacy: LEGACY_REPORTS });
    } catch (err) {
      if (!(err instanceof OutputRefused)) throw err;
      out.stderr(`${err.message}\n`);
      return EXIT.invalidInput;
    }
  }
  let catalog: Catalog | undefined;
  let commit = "working tree";
  if (options.at !== undefined) {
    const at = await revisionOrReport(options.catalog, options.at, "--at", out);
    if (!at) return EXIT.invalidInput;
    const files = await loadCatalogFilesAt(options.catalog, at);
    if (!files) {
      out.stderr(`The catalog at ${quoted(options.at)} (${at}) could not be read from the git repository at ${quoted(options.catalog)}.\n`);
      return EXIT.invalidInput;
    }
    const result = fromFiles(files);
    if (!result.catalog) {
      reportIssues(out, result.issues, "human");
      return EXIT.invalidInput;
    }
    catalog = result.catalog;
    commit = at;
  } else {
    const result = await loadCatalog(options.catalog);
    if (!result.catalog) {
      reportIssues(out, result.issues, "human");
      return EXIT.invalidInput;
    }
    catalog = result.catalog;
    const head = await resolveRevision(options.catalog, "HEAD");
    if (head) commit = (await dirty(options.catalog)) ? `${head} (with uncommitted changes)` : head;
  }
  const today = date.today;
  const personLevel = options.kind === "people-access" || options.kind === "leavers-residual-access";
  if (personLevel && options.people === undefined && !process.env[PEOPLE_VARIABLE]) {
    out.stderr(`report ${options.kind} needs an HR snapshot: --people <file.csv> or ${PEOPLE_VARIABLE}.\n`);
    return EXIT.invalidInput;
  }
  const snapshot = personLevel || options.people !== undefined ? await snapshotOrReport(options.people, catalog, out) : undefined;
  if ((personLevel || options.people !== undefined) && !snapshot) return EXIT.invalidInput;
  const kinds = options.kind === "all" ? REPORT_KINDS : personLevel ? [] : [options.kind as ReportKind];
  // The organisation's rules as they were at the same revision as the catalog.
  const org = kinds.includes("findings")
    ? await (options.at !== undefined ? loadOrganisationRulesAt(options.catalog, commit, ALL_RULES) : loadOrganisationRules(options.catalog, ALL_RULES))
    : { rules: [], issues: [] };
  if (hasErrors(org.issues)) {
    reportIssues(out, org.issues, "human");
    return EXIT.invalidInput;
  }
  const rules = [...ALL_RULES, ...org.rules];
  const tables = kinds.map((k) => buildTable(k, catalog!, today, rules));
  if (snapshot && (options.kind === "all" || options.kind === "people-access")) tables.push(peopleAccessTable(catalog, snapshot));
  if (snapshot && (options.kind === "all" || options.kind === "leavers-residual-access")) tables.push(leaversTable(catalog, snapshot, today));
  const scope =
    `environments ${catalog.environments.map((e) => e.id).join(", ")}` +
    `${snapshot ? `; ${snapshot.people.length} people of the HR snapshot ${snapshot.file}` : ""}`;
  const files: [string, string][] = [];
  if (options.format === "html") files.push(["evidence.html", evidenceHtml(tables, { commit, generatedAt: new Date().toISOString(), scope })]);
  else if (options.format === "json") files.push([`report-${options.kind}.json`, tablesJson(tables, { commit })]);
  else if (options.format === "md")
    files.push([
      `report-${options.kind}.md`,
      [`# idac report (catalog at ${mdText(commit)})`, "", ...tables.map((t) => tableMarkdown(t, catalog!))].join("\n"),
    ]);
  else for (const t of tables) files.push([`report-${t.kind}.csv`, tableCsv(t)]);
  if (options.out !== undefined && outdir !== undefined) {
    // Each file replaces its predecessor through a rename, so a link planted in the folder is replaced, not followed.
    await mkdir(outdir, { recursive: true });
    await replaceFile(path.join(outdir, OUTPUT_MARKER), markerText("report"));
    for (const [name, text] of files) await replaceFile(path.join(outdir, name), text);
    out.stderr(`Wrote ${files.map(([n]) => termText(path.join(options.out!, n))).join(", ")}\n`);
  } else {
    for (const [, text] of files) out.stdout(text);
  }
  return EXIT.ok;
}

async function dirty(root: string): Promise<boolean> {
  try {
    const { stdout } = await promisify(execFile)("git", ["-C", root, "status", "--porcelain", "--", "environments", "roles", "policies"]);
    return stdout.trim().length > 0;
  } catch {
    return false;
  }
}
