import { jsonText, mdText, termText } from "../../escape";
import { catalogAt, changelog, changelogMarkdown, semanticChangesMarkdown, semanticDiff } from "../../reports/audit/changes";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";

export interface ChangelogOptions {
  readonly catalog: string;
  readonly since?: string;
  readonly until?: string;
  readonly format: "md" | "json";
}

/** `idac changelog`: the semantic change record of the catalog from git history. */
export async function runChangelog(options: ChangelogOptions, out: Output = processOutput): Promise<ExitCode> {
  try {
    const entries = await changelog(options.catalog, { ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}) });
    out.stdout(options.format === "json" ? jsonText(entries) + "\n" : changelogMarkdown(entries));
    return EXIT.ok;
  } catch (err) {
    out.stderr(`Cannot read the git history of ${termText(options.catalog)}: ${termText((err as Error).message.split("\n")[0] ?? "")}\n`);
    return EXIT.invalidInput;
  }
}

/** `idac diff <refA> <refB>`: the semantic diff between two revisions. */
export async function runDiff(options: { catalog: string; from: string; to: string; format: "md" | "json" }, out: Output = processOutput): Promise<ExitCode> {
  const changes = semanticDiff(await catalogAt(options.catalog, options.from), await catalogAt(options.catalog, options.to));
  if (options.format === "json") out.stdout(jsonText({ from: options.from, to: options.to, changes }) + "\n");
  else out.stdout([`## Access changes ${mdText(options.from)} → ${mdText(options.to)}`, "", ...(changes.length ? semanticChangesMarkdown(changes) : ["No change of access."]), ""].join("\n"));
  return EXIT.ok;
}
