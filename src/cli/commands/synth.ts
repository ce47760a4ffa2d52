import { hasErrors } from "../../errors/issue";
import { jsonText } from "../../escape";
import { loadCatalog } from "../../resolve/load-catalog";
import { synthesize, synthOutputOptions } from "../../stacks/app";
import type { Extension } from "../../stacks/extensions";
import { StackLayoutError } from "../../stacks/dependencies";
import { StackSelectionError, synthesizeStacks } from "../../stacks/select";
import { loadExtension } from "../../stacks/load-extension";
import { checkOutputFolder, OutputRefused } from "../../output/output-folder";
import { recoverInterruptedSwap } from "../../output/replace-folder";
import { EXIT, type ExitCode } from "../exit-codes";
import { processOutput, reportIssues, type Output, type OutputFormat } from "../render";
import { annotationRoot } from "./validate";

export interface SynthOptions {
  readonly catalog: string;
  /**
   * Output folder; replaced as a whole only when synthesis succeeded. It must be new, empty, or earlier synth output
   * (never the catalog root, the working directory or an ancestor of either). @default cdktf.out
   */
  readonly out: string;
  readonly format: OutputFormat;
  /** Git revision to compare with for replacements. @default no comparison */
  readonly base?: string;
  /** `base` is the command's default (HEAD): outside a repository, or before the first commit, it is skipped with a warning. @default false */
  readonly defaultBase?: boolean;
  /** Synthesize only these environments. @default every environment */
  readonly environments?: readonly string[];
  /** Adds the organisation's constructs to the stacks. @default `extend` of the catalog's stacks/extensions.ts, if any */
  readonly extend?: Extension;
  /** Write only these stacks, keeping the output folder's other stacks as they were. @default every stack */
  readonly stacks?: readonly string[];
}

/** Validates the catalog, then synthesizes Terraform JSON for each stack. Writes nothing on any error. */
export async function runSynth(options: SynthOptions, out: Output = processOutput): Promise<ExitCode> {
  const protect = [{ path: options.catalog, name: "the catalog root" }];
  let target: string;
  try {
    target = await checkOutputFolder(options.out, synthOutputOptions(protect));
  } catch (err) {
    if (!(err instanceof OutputRefused)) throw err;
    out.stderr(`${err.message}\n`);
    return EXIT.invalidInput;
  }
  // First put back the output of a run that was killed mid-swap, so a failing run below leaves it as it was.
  await recoverInterruptedSwap(target);
  const { catalog, issues, base } = await loadCatalog(
    options.catalog,
    options.base !== undefined ? { base: options.base, ...(options.defaultBase ? { defaultBase: true } : {}) } : {},
  );
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
  const extend = options.extend ?? (await loadExtension(options.catalog));
  const synthOptions = {
    protect,
    ...(options.environments ? { environments: options.environments } : {}),
    ...(extend ? { extend } : {}),
    // Objects whose stack changed since the base are moved (removed + import), never destroyed and created.
    ...(base ? { base } : {}),
  };
  let result;
  try {
    result = options.stacks
      ? await synthesizeStacks(catalog, options.out, options.stacks, synthOptions)
      : // The catalog's own extension (none given by the caller): worker processes can load it themselves.
        await synthesize(catalog, options.out, {
          ...synthOptions,
          ...(options.extend ? {} : { catalogRoot: options.catalog }),
          ...(base && options.base !== undefined ? { baseRef: options.base } : {}),
        });
  } catch (err) {
    if (err instanceof StackSelectionError || err instanceof StackLayoutError) {
      out.stderr(`${err.message}\n`);
      return EXIT.invalidInput;
    }
    // Construct validations and extension errors: what TypeScript declared cannot be built. Nothing was written.
    if (!extend || !(err instanceof Error)) throw err;
    out.stderr(`${err.message}\nNothing was written to ${options.out}.\n`);
    return EXIT.invalidInput;
  }
  if (options.format === "json") {
    out.stdout(jsonText({ valid: true, outdir: result.outdir, stacks: result.stacks, issues }) + "\n");
  } else {
    reportIssues(out, issues, "human");
    const kept = options.stacks ? " (the folder's other stacks were kept as they were)" : "";
    out.stderr(`Synthesized ${result.stacks.length} stack(s) into ${options.out}/stacks${kept}: ${result.stacks.join(", ")}\n`);
  }
  return EXIT.ok;
}
