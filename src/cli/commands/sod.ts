import { analyseSod } from "../../analysis/sod";
import { sodMatrixJson, sodMatrixMarkdown } from "../../reports/sod-matrix";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { catalogOrReport } from "./private/catalog";

export interface SodOptions {
  readonly catalog: string;
  readonly format: "md" | "json";
}

/** Prints the segregation-of-duties matrix of the catalog (roles × roles with the SoD rule IDs). */
export async function runSod(options: SodOptions, out: Output = processOutput): Promise<ExitCode> {
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return EXIT.invalidInput;
  const analysis = analyseSod(catalog);
  out.stdout(options.format === "json" ? sodMatrixJson(analysis) : sodMatrixMarkdown(analysis));
  return EXIT.ok;
}
