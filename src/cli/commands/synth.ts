import { hasErrors } from "../../errors/issue";
import { jsonText } from "../../escape";
import { loadCatalog } from "../../resolve/load-catalog";
import path from "node:path";
import { recoverInterruptedSwap, synthesize } from "../../../stacks/app";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output, type OutputFormat } from "../render";
import { annotationRoot } from "./validate";

export interface SynthOptions {
  readonly catalog: string;
  /** Output folder; replaced as a whole only when synthesis succeeded. @default cdktf.out */
  readonly out: string;
  readonly format: OutputFormat;
  /** Git revision to compare with for replacements. @default no comparison */
  readonly base?: string;
  /** Synthesize only these environments. @default every environment */
  readonly environments?: readonly string[];
}

/** Validates the catalog, then synthesizes Terraform JSON for each stack. Writes nothing on any error. */
export async function runSynth(options: SynthOptions, out: Output = processOutput): Promise<ExitCode> {
  // First put back the output of a run that was killed mid-swap, so a failing run below leaves it as it was.
  await recoverInterruptedSwap(path.resolve(options.out));
  const { catalog, issues } = await loadCatalog(options.catalog, options.base !== undefined ? { base: options.base } : {});
  if (!catalog || hasErrors(issues)) {
    reportIssues(out, issues, options.format, { valid: false }, annotationRoot(options.catalog));
    if (options.format === "human") out.stderr(`Nothing was written to ${options.out}.\n`);
    return EXIT.invalidInput;
  }
  const unknown = (options.environments ?? []).filter((e) => !catalog.environments.some((x) => x.id === e));
  if (unknown.length) {
    out.stderr(`Unknown environment(s): ${unknown.join(", ")}. Known: ${catalog.environments.map((e) => e.id).join(", ")}.\n`);
    return EXIT.invalidInput;
  }
  const result = await synthesize(catalog, options.out, options.environments ? { environments: options.environments } : {});
  if (options.format === "json") {
    out.stdout(jsonText({ valid: true, outdir: result.outdir, stacks: result.stacks, issues }) + "\n");
  } else {
    reportIssues(out, issues, "human");
    out.stderr(`Synthesized ${result.stacks.length} stack(s) into ${options.out}/stacks: ${result.stacks.join(", ")}\n`);
  }
  return EXIT.ok;
}
