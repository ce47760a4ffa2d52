import { GraphExportError, readGraphExport, type GraphExport } from "../../../brownfield/graph";
import { revisionProblemMessage, verifyRevision } from "../../../load/git";
import { quoted, termText } from "../../../escape";
import type { Catalog } from "../../../model/model";
import { loadCatalog } from "../../../resolve/load-catalog";
import { reportIssues, type Output } from "../../render";

/** Loads the catalog for a command that needs a valid one; reports the problems (on stderr) when it is not. */
export async function catalogOrReport(root: string, out: Output): Promise<Catalog | undefined> {
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) reportIssues(out, issues, "human");
  return catalog;
}

/**
 * Reads the Graph export `--from` names for a command; reports why not when it is unusable (on stderr: the folder,
 * each file at fault with the JSON path of the problem, and what an export folder holds).
 */
export async function exportOrReport(dir: string, out: Output): Promise<GraphExport | undefined> {
  try {
    return await readGraphExport(dir);
  } catch (err) {
    if (!(err instanceof GraphExportError)) throw err;
    const lines = [
      `Refusing --from ${quoted(err.dir)}: ${termText(err.summary)}.`,
      ...err.problems.map((p) => `  ${termText(p)}`),
      `  hint: ${termText(err.hint)}`,
    ];
    out.stderr(`${lines.join("\n")}\n`);
    return undefined;
  }
}

/**
 * Verifies a revision named on the command line (`--base`, `--at`, `diff <a> <b>`) and returns the commit it names;
 * reports why not (on stderr, naming the option) when it cannot be used.
 */
export async function revisionOrReport(root: string, ref: string, option: string, out: Output): Promise<string | undefined> {
  const verified = await verifyRevision(root, ref);
  if (verified.problem) out.stderr(`${option}: ${revisionProblemMessage(verified.problem, root)} Nothing was written.\n`);
  return verified.commit;
}
