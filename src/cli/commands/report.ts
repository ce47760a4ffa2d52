import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { mdText, termText } from "../../escape";
import { loadCatalogFilesAt, resolveRevision } from "../../load/git";
import type { Catalog } from "../../model/model";
import { fromFiles, loadCatalog } from "../../resolve/load-catalog";
import { evidenceHtml, tableCsv, tableMarkdown, tablesJson } from "../../reports/audit/render";
import { buildTable, REPORT_KINDS, type ReportKind } from "../../reports/audit/tables";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output } from "../render";

export interface ReportOptions {
  readonly catalog: string;
  readonly kind: ReportKind | "all";
  readonly format: "md" | "csv" | "json" | "html";
  /** Read the catalog as it was at this git revision. */
  readonly at?: string;
  /** Write files into this folder instead of printing. */
  readonly out?: string;
  /** The date findings are evaluated on. @default today, or IDAC_TODAY */
  readonly today?: string;
}

/** `idac report`: audit evidence from the catalog, optionally as it was at any commit. */
export async function runReport(options: ReportOptions, out: Output = processOutput): Promise<ExitCode> {
  let catalog: Catalog | undefined;
  let commit = "working tree";
  if (options.at) {
    const files = await loadCatalogFilesAt(options.catalog, options.at);
    if (!files) {
      out.stderr(`'${termText(options.at)}' is not a revision of the git repository at ${termText(options.catalog)}.\n`);
      return EXIT.invalidInput;
    }
    const result = fromFiles(files);
    if (!result.catalog) {
      reportIssues(out, result.issues, "human");
      return EXIT.invalidInput;
    }
    catalog = result.catalog;
    commit = (await resolveRevision(options.catalog, options.at)) ?? options.at;
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
  const today = options.today ?? process.env.IDAC_TODAY ?? new Date().toISOString().slice(0, 10);
  const kinds = options.kind === "all" ? REPORT_KINDS : [options.kind];
  const tables = kinds.map((k) => buildTable(k, catalog!, today));
  const files: [string, string][] = [];
  if (options.format === "html") files.push(["evidence.html", evidenceHtml(tables, { commit, generatedAt: new Date().toISOString() })]);
  else if (options.format === "json") files.push([`report-${options.kind}.json`, tablesJson(tables, { commit })]);
  else if (options.format === "md") files.push([`report-${options.kind}.md`, [`# idac report (catalog at ${mdText(commit)})`, "", ...tables.map((t) => tableMarkdown(t, catalog!))].join("\n")]);
  else for (const t of tables) files.push([`report-${t.kind}.csv`, tableCsv(t)]);
  if (options.out) {
    await mkdir(options.out, { recursive: true });
    for (const [name, text] of files) await writeFile(path.join(options.out, name), text);
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
