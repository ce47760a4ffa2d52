import { GraphExportError, readGraphExport, type GraphExport } from "../../../brownfield/graph";
import { revisionProblemMessage, verifyRevision } from "../../../load/git";
import { termText } from "../../../escape";
import type { Catalog } from "../../../model/model";
import { loadCatalog } from "../../../resolve/load-catalog";
import { reportIssues, type Output } from "../../render";

/** Loads the catalog for a command that needs a valid one; reports the problems (on stderr) when it is not. */
export async function catalogOrReport(root: string, out: Output): Promise<Catalog | undefined> {
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) reportIssues(out, issues, "human");
  return catalog;
}

/** Reads a Graph export for a command; reports why not (file and JSON path) when it is unusable. */
export async function exportOrReport(dir: string, out: Output): Promise<GraphExport | undefined> {
  try {
    return await readGraphExport(dir);
  } catch (err) {
    if (!(err instanceof GraphExportError)) throw err;
    out.stderr(`${termText(err.message)}\n`);
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
