import { GraphExportError, readGraphExport, type GraphExport } from "../../../brownfield/graph";
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
