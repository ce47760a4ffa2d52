import { analyseSod } from "../../analysis/sod";
import { loadCatalog } from "../../resolve/load-catalog";
import { sodMatrixJson, sodMatrixMarkdown } from "../../reports/sod-matrix";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output } from "../render";

export interface SodOptions {
  readonly catalog: string;
  readonly format: "md" | "json";
}

/** Prints the segregation-of-duties matrix of the catalog (roles × roles with the SoD rule IDs). */
export async function runSod(options: SodOptions, out: Output = processOutput): Promise<ExitCode> {
  const { catalog, issues } = await loadCatalog(options.catalog);
  if (!catalog) {
    reportIssues(out, issues, "human");
    return EXIT.invalidInput;
  }
  const analysis = analyseSod(catalog);
  out.stdout(options.format === "json" ? sodMatrixJson(analysis) : sodMatrixMarkdown(analysis));
  return EXIT.ok;
}
