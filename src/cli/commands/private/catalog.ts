import type { Catalog } from "../../../model/model";
import { loadCatalog } from "../../../resolve/load-catalog";
import { reportIssues, type Output } from "../../render";

/** Loads the catalog for a command that needs a valid one; reports the problems (on stderr) when it is not. */
export async function catalogOrReport(root: string, out: Output): Promise<Catalog | undefined> {
  const { catalog, issues } = await loadCatalog(root);
  if (!catalog) reportIssues(out, issues, "human");
  return catalog;
}
