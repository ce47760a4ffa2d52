import { analyseSod } from "../../analysis/sod";
import { jsonText } from "../../escape";
import { snapshotConflicts } from "../../people";
import { peopleSodMarkdown } from "../../reports/people";
import { incompatibilities } from "../../analysis/sod-enforcement";
import { sodEnforcementMarkdown, sodMatrixJson, sodMatrixMarkdown } from "../../reports/sod-matrix";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, type Output } from "../render";
import { catalogOrReport } from "./private/catalog";
import { snapshotOrReport } from "./private/people";

export interface SodOptions {
  readonly catalog: string;
  readonly format: "md" | "json";
  /** An HR snapshot: also list the people who hold both sides of a rule now. */
  readonly people?: string;
}

/**
 * Prints the segregation-of-duties matrix of the catalog (roles × roles with the SoD rule IDs); with an HR snapshot,
 * also the people who hold both sides of a rule now, with the same rule IDs.
 */
export async function runSod(options: SodOptions, out: Output = processOutput): Promise<ExitCode> {
  const catalog = await catalogOrReport(options.catalog, out);
  if (!catalog) return EXIT.invalidInput;
  const analysis = analyseSod(catalog);
  const enforced = incompatibilities(catalog);
  const json = () => ({ ...(JSON.parse(sodMatrixJson(analysis)) as object), enforcedAtRequest: enforced });
  const markdown = () => `${sodMatrixMarkdown(analysis)}\n${sodEnforcementMarkdown(enforced)}`;
  if (options.people === undefined) {
    out.stdout(options.format === "json" ? jsonText(json()) + "\n" : markdown());
    return EXIT.ok;
  }
  const snapshot = await snapshotOrReport(options.people, catalog, out);
  if (!snapshot) return EXIT.invalidInput;
  const people = snapshotConflicts(catalog, snapshot);
  if (options.format === "json") out.stdout(jsonText({ ...json(), people }) + "\n");
  else out.stdout(`${markdown()}\n${peopleSodMarkdown(people, snapshot.people.length)}`);
  return EXIT.ok;
}
