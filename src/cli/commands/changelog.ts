import { revisionProblemMessage, verifyRevisionOrDate, type LogBound } from "../../load/git";
import { catalogAt, changelog, changelogMarkdown, semanticChangesMarkdown, semanticDiff } from "../../reports/audit/changes";
import { jsonText, mdText, quoted, termText } from "../../escape";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { revisionOrReport } from "./private/catalog";

export interface ChangelogOptions {
  readonly catalog: string;
  /** From this revision (exclusive) or date (YYYY-MM-DD or ISO 8601). */
  readonly since?: string;
  /** To this revision or date. */
  readonly until?: string;
  readonly format: "md" | "json";
}

/** `idac changelog`: the semantic change record of the catalog from git history. */
export async function runChangelog(options: ChangelogOptions, out: Output = processOutput): Promise<ExitCode> {
  const bounds: { since?: LogBound; until?: LogBound } = {};
  for (const key of ["since", "until"] as const) {
    const text = options[key];
    if (text === undefined) continue;
    const bound = await verifyRevisionOrDate(options.catalog, text);
    if ("problem" in bound) {
      out.stderr(`--${key}: ${revisionProblemMessage(bound.problem, options.catalog)}\n`);
      return EXIT.invalidInput;
    }
    bounds[key] = bound;
  }
  try {
    const entries = await changelog(options.catalog, bounds);
    out.stdout(options.format === "json" ? jsonText(entries) + "\n" : changelogMarkdown(entries));
    return EXIT.ok;
  } catch (err) {
    out.stderr(`Cannot read the git history of ${quoted(options.catalog)}: ${termText((err as Error).message.split("\n")[0] ?? "")}\n`);
    return EXIT.invalidInput;
  }
}

/** `idac diff <refA> <refB>`: the semantic diff between two revisions, each verified first. */
export async function runDiff(options: { catalog: string; from: string; to: string; format: "md" | "json" }, out: Output = processOutput): Promise<ExitCode> {
  const from = await revisionOrReport(options.catalog, options.from, "<from>", out);
  const to = from ? await revisionOrReport(options.catalog, options.to, "<to>", out) : undefined;
  if (!from || !to) return EXIT.invalidInput;
  const changes = semanticDiff(await catalogAt(options.catalog, from), await catalogAt(options.catalog, to));
  if (options.format === "json") out.stdout(jsonText({ from: options.from, to: options.to, fromCommit: from, toCommit: to, changes }) + "\n");
  else
    out.stdout(
      [
        `## Access changes ${mdText(options.from)} → ${mdText(options.to)}`,
        "",
        ...(changes.length ? semanticChangesMarkdown(changes) : ["No change of access."]),
        "",
      ].join("\n"),
    );
  return EXIT.ok;
}
