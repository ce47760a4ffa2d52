import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { App } from "cdktf";
import { environmentView } from "../model/environment";
import type { Catalog } from "../model/model";
import type { LegacyShape, OutputFolderOptions } from "../output/output-folder";
import { replaceFolder } from "../output/replace-folder";
import { buildEnvironmentStacks } from "./environment";
import type { Extension } from "./extensions";
import { withoutStackTraces } from "./private/stack-traces";

export interface SynthResult {
  /** Stack names, e.g. `prod-conditional-access`, in output order. */
  readonly stacks: readonly string[];
  readonly outdir: string;
}

export interface SynthOptions {
  /** Synthesize only these environments. @default every environment */
  readonly environments?: readonly string[];
  /** Folders the output must neither be nor contain, such as the catalog root. @default the working directory only */
  readonly protect?: OutputFolderOptions["protect"];
  /** The organisation's extension (`extend` of `stacks/extensions.ts`), called once per environment. @default none */
  readonly extend?: Extension;
}

/**
 * cdktf output written before idac marked its folders: `manifest.json` and `stacks/<stack>/` only. Folders inside a
 * stack are not looked into (a pipeline runs `terraform init` there); anything else at the top means the folder is
 * not (only) cdktf output, and it is refused.
 */
export const LEGACY_CDKTF_OUTPUT: LegacyShape = {
  description: "cdktf output of an earlier idac (only manifest.json and stacks/<stack>/)",
  accepts: async (dir: string, entries: readonly Dirent[]) => {
    for (const e of entries) {
      if (e.name === "manifest.json" && e.isFile()) continue;
      if (e.name !== "stacks" || !e.isDirectory()) return false;
      const stacks = await readdir(path.join(dir, "stacks"), { withFileTypes: true });
      if (!stacks.every((s) => s.isDirectory())) return false;
    }
    return true;
  },
};

/** How synth checks its output folder: earlier synth output (marked, or of the legacy shape) is replaced, nothing else. */
export function synthOutputOptions(protect: SynthOptions["protect"] = []): OutputFolderOptions {
  return { kind: "synth", protect, legacy: LEGACY_CDKTF_OUTPUT };
}

/**
 * Synthesizes every environment's stacks into `outdir` atomically: the output is written to a temporary sibling
 * folder and swapped in only when synthesis succeeded, so a failed or interrupted run leaves the previous output
 * as it was. The folder must be new, empty, or earlier synth output (see {@link replaceFolder}).
 */
export async function synthesize(catalog: Catalog, outdir: string, options: SynthOptions = {}): Promise<SynthResult> {
  const { outdir: target, result } = await replaceFolder(outdir, synthOutputOptions(options.protect), (staging) => synthesizeInto(catalog, staging, options));
  return { stacks: result, outdir: target };
}

/** Builds the cdktf app and writes it to `outdir` (no atomicity: callers use {@link synthesize}). */
export function synthesizeInto(catalog: Catalog, outdir: string, options: Pick<SynthOptions, "environments" | "extend"> = {}): string[] {
  const app = buildApp(catalog, outdir, options);
  const problems = app.node.findAll().flatMap((c) => c.node.validate());
  if (problems.length) throw new ConstructProblems(problems);
  withoutStackTraces(() => app.synth());
  return app.stackNames;
}

/** Every problem construct validations found, in every stack of every environment; nothing was written. */
export class ConstructProblems extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) in constructs declared in TypeScript (stacks/extensions.ts):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConstructProblems";
  }
}

/**
 * Builds the cdktf app of the catalog: every environment's stacks from the catalog, then the organisation's
 * extension (which adds constructs to stacks by name), then each stack's moved and removed blocks. Nothing is
 * written until `synth()`; construct validations (`node.addValidation`) run then and fail it with every problem.
 */
export function buildApp(
  catalog: Catalog,
  outdir: string,
  options: Pick<SynthOptions, "environments" | "extend"> = {},
): App & { readonly stackNames: string[] } {
  // No stack trace per construct and token: nobody reads them in the output, and recording them is a large share of synthesis.
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  const names: string[] = [];
  for (const env of catalog.environments) {
    if (options.environments && !options.environments.includes(env.id)) continue;
    // The catalog's constructs are built without stack traces (see withoutStackTraces); the extension keeps them for its errors.
    const built = withoutStackTraces(() => buildEnvironmentStacks(app, environmentView(catalog, env.id)));
    options.extend?.(built.extensionContext());
    withoutStackTraces(() => built.finish());
    for (const stack of built.stacks) names.push(stack.plan.name);
  }
  return Object.assign(app, { stackNames: names });
}
